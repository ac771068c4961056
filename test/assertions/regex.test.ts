import { describe, expect, it } from 'vitest';
import { registry } from '../../src/assertions/registry.ts';
import { run } from './fixture.ts';

describe('regex', () => {
  it('passes with where it matched, fails with the text it read', async () => {
    expect(await run('regex', 'order #\\d+', 'Your order #1234 shipped')).toMatchObject({
      pass: true,
      reason: 'output matches /order #\\d+/ at index 5: "order #1234"',
    });
    expect(await run('regex', '^\\d{3}$', 'abc')).toMatchObject({
      pass: false,
      reason: 'expected output to match /^\\d{3}$/, got "abc"',
      expected: '/^\\d{3}$/',
    });
  });

  it('takes flags, and a g flag does not carry state between answers', async () => {
    const args = { pattern: '^total: \\$\\d+$', flags: 'gim' };
    expect(await run('regex', args, 'Items\nTOTAL: $40')).toMatchObject({ pass: true });
    expect(await run('regex', args, 'Items\nTOTAL: $40')).toMatchObject({ pass: true });
    expect(await run('regex', { pattern: 'total' }, 'TOTAL')).toMatchObject({ pass: false });
  });

  it('check reports the engine error for a pattern that does not compile', () => {
    expect(registry.get('regex')!.check!('(unclosed', { suiteDir: '.', grader: {} })).toEqual(['Invalid regular expression: /(unclosed/: Unterminated group']);
    expect(registry.get('regex')!.check!({ pattern: 'a', flags: 'gg' }, { suiteDir: '.', grader: {} })).toEqual([
      "Invalid flags supplied to RegExp constructor 'gg'",
    ]);
    expect(registry.get('regex')!.check!('a+', { suiteDir: '.', grader: {} })).toEqual([]);
  });
});
