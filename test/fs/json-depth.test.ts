/**
 * tooDeep, the depth guard every JSON reader runs before parsing: a text with few brackets in all
 * skips the walk, so the count that decides it must take both kinds of bracket and never let a
 * deep text through, and brackets inside strings must not make a shallow text deep.
 */
import { describe, expect, it } from 'vitest';
import { tooDeep } from '../../src/json-text.ts';

describe('tooDeep', () => {
  it('finds the first bracket past the limit, lists and objects alike', () => {
    expect(tooDeep('[[[[]]]]', 3)).toEqual({ line: 1, col: 4 });
    expect(tooDeep('{"a":{"b":{"c":{}}}}', 3)).toEqual({ line: 1, col: 16 });
    expect(tooDeep('[{"a":[{}]}]', 3)).toEqual({ line: 1, col: 8 });
    expect(tooDeep('{\n "a": [\n  [\n   []\n  ]\n ]\n}', 3)).toEqual({ line: 4, col: 4 });
  });

  it('lets through a text at the limit, however many brackets its strings hold', () => {
    expect(tooDeep('[[[]]]', 3)).toBeUndefined();
    expect(tooDeep('[[], [], [], [], []]', 3)).toBeUndefined();
    expect(tooDeep('{"a": "[[[[{{{{", "b": ["\\"[[[["]}', 3)).toBeUndefined();
  });
});
