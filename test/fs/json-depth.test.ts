/**
 * The depth guard every JSON reader keeps. tooDeep places a fault in the text: a text with few
 * brackets in all skips the walk, so the count that decides it must take both kinds of bracket and
 * never let a deep text through, and brackets inside strings must not make a shallow text deep.
 * parseJsonText checks the parsed value instead, and must refuse what tooDeep refuses in it (a deep
 * value under a key given twice is in the text alone: test/fs/reader-fuzz.test.ts holds the readers to that).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonText, tooDeep } from '../../src/json-text.ts';

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

describe('parseJsonText', () => {
  const deepList = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('refuses a valid text one level too deep, at the place tooDeep names, lists and objects alike', () => {
    for (const text of ['[[[[]]]]', '{"a":{"b":{"c":{}}}}', '[{"a":[{}]}]', '{\n "a": [\n  [\n   []\n  ]\n ]\n}', `[1, "x", ${deepList(4)}]`]) {
      expect(parseJsonText(text, 3)).toEqual({ deep: tooDeep(text, 3) });
    }
    // Far deeper than any recursion would survive: the check is a loop.
    expect(parseJsonText(deepList(200_000), 1000)).toEqual({ deep: { line: 1, col: 1001 } });
  });

  it('reads a text at the limit to its value, brackets in its strings not counted', () => {
    expect(parseJsonText('[[[]]]', 3)).toEqual({ value: [[[]]] });
    expect(parseJsonText('{"a": "[[[[{{{{", "b": ["\\"[[[["]}', 3)).toEqual({ value: { a: '[[[[{{{{', b: ['"[[[['] } });
    expect(parseJsonText('"text"', 0)).toEqual({ value: 'text' });
  });

  it('walks only what the text holds, whatever a module has added to Object.prototype', () => {
    const text = JSON.stringify([{ a: [1] }, { a: [1] }, { a: [1] }, { a: [1] }, { a: [1] }]);
    Object.defineProperty(Object.prototype, 'added', { value: { deeper: {} }, enumerable: true, configurable: true });
    let read: ReturnType<typeof parseJsonText>;
    try {
      read = parseJsonText(text, 3);
    } finally {
      delete (Object.prototype as { added?: unknown }).added;
    }
    expect(read).toEqual({ value: JSON.parse(text) });
  });

  it('says a text JSON.parse refuses is too deep where it is, and otherwise gives the refusal', () => {
    // Deep and broken: depth first, as placing the syntax problem would recurse.
    expect(parseJsonText(deepList(5).slice(0, -1) + ',', 3)).toEqual({ deep: { line: 1, col: 4 } });
    const broken = parseJsonText('{"a": 1,}', 3);
    expect('invalid' in broken && broken.invalid).toBeInstanceOf(SyntaxError);
  });
});
