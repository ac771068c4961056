/** Odd input never crashes a string or JSON assertion, and every verdict explains itself. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/assertions/types.ts';
import { run } from './fixture.ts';

const odd = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.json(),
  fc.constantFrom('', ' ', '```json\n', '```json\n{}\n```', '\u0000', '\uD800', '{"a":', '[1,2', 'NaN', '1e999', '"\\ud800"', '﻿{}'),
);
const needle = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', minLength: 1 }));

function explained(v: Verdict): void {
  expect(typeof v.pass).toBe('boolean');
  expect(v.reason.length).toBeGreaterThan(0);
}

/** With the u flag a proper pair is one code point, so only a lone surrogate matches. */
const wellFormed = (s: string) => !/[\uD800-\uDFFF]/u.test(s);
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const huge = 'é😀x'.repeat(400_000);

describe('string assertions on odd input', () => {
  it('never throw and always give a reason', async () => {
    await fc.assert(
      fc.asyncProperty(odd, needle, async (subject, n) => {
        for (const [name, args] of [
          ['equals', n],
          ['contains', n],
          ['icontains', n],
          ['contains_all', [n, 'x']],
          ['contains_any', [n, 'x']],
          ['starts_with', n],
          ['ends_with', n],
          ['regex', { pattern: n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: 'u' }],
          ['length', { min_chars: 1, max_words: 3 }],
        ] as const) {
          explained(await run(name, args, subject));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('contains finds a needle placed anywhere in unicode text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), needle, fc.string({ unit: 'grapheme' }), async (a, n, b) => {
        expect((await run('contains', n, a + n + b)).pass).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('cut huge outputs down in the reason', async () => {
    const v = await run('contains', 'absent', huge);
    expect(v.pass).toBe(false);
    expect(v.reason.length).toBeLessThan(400);
    expect(v.reason).toMatch(/…\(1600002 chars\)$/);
    expect(wellFormed(v.reason)).toBe(true);
  });

  it('never cut an emoji in half', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 150 }), async (subject) => {
        expect(wellFormed((await run('contains', '\u0001', subject + subject)).reason)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('JSON assertions on odd input', () => {
  it('never throw and always give a reason', async () => {
    await fc.assert(
      fc.asyncProperty(odd, async (subject) => {
        explained(await run('is_json', true, subject));
        explained(await run('json_schema', { type: 'object', required: ['a'] }, subject));
        explained(await run('json_path', { path: 'a[0].b', gte: 1 }, subject));
        explained(await run('json_path', { path: 'a', matches: '.' }, subject));
      }),
      { numRuns: 150 },
    );
  });

  it('any JSON value passes is_json, bare or fenced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.boolean(), async (value, fenced) => {
        const body = JSON.stringify(value);
        expect((await run('is_json', true, fenced ? '```json\n' + body + '\n```' : body)).pass).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('handle deeply nested and huge JSON', async () => {
    for (const subject of [deep(100_000), deepObject(50_000), JSON.stringify({ s: huge })]) {
      explained(await run('is_json', true, subject));
      explained(await run('json_schema', { type: 'array', items: { $ref: '#' } }, subject));
      explained(await run('json_path', { path: '[0][0][0]', exists: true }, subject));
      explained(await run('json_path', { path: 'a.a.a', equals: { a: 1 } }, subject));
    }
    expect(await run('json_schema', { type: 'array', items: { $ref: '#' } }, deep(100_000))).toMatchObject({
      pass: false,
      reason: 'output JSON is not valid against the inline schema: 1 violation: (root): nested too deeply to validate',
    });
  });
});
