/** Saved results are canonical JSON: the one sort-keys helper that also keys cassettes and digests suites. */
import { describe, expect, it } from 'vitest';
import { resultsJson } from '../../reporters/results-json.ts';
import fc from 'fast-check';
import { canonicalJson, sortKeys } from '../../src/canonical-json.ts';
import { totals } from '../../src/run-result.ts';
import { fullRun, run, suite } from './fixtures.ts';

describe('resultsJson', () => {
  it('is canonicalJson, the same bytes whatever order the keys were built in', () => {
    const result = fullRun();
    const reordered = Object.fromEntries(Object.entries(result).reverse()) as typeof result;
    expect(resultsJson(reordered)).toBe(resultsJson(result));
    // Parsing keeps the text's key order: indented again, it is the canonical form, keys sorted at every depth.
    expect(JSON.stringify(JSON.parse(resultsJson(result)), null, 2)).toBe(canonicalJson({ ...result, totals: totals(result) }, 2));
    expect(Object.keys(JSON.parse(resultsJson(result)).suites[0].cases[0])).toEqual(Object.keys(result.suites[0]!.cases[0]!).sort());
  });

  it('is indented down to the suites, with each case on one line', () => {
    const result = fullRun();
    const lines = resultsJson(result).split('\n');
    const cases = result.suites.flatMap((s) => s.cases);
    expect(cases.length).toBeGreaterThan(1);
    for (const c of cases) expect(lines.filter((l) => l.startsWith('        {"') && JSON.parse(l.replace(/,$/, '')).id === c.id)).toHaveLength(1);
    expect(lines[1]).toMatch(/^  "\w+": /);
    expect(lines.length).toBeLessThan(cases.length + 80);
  });

  it('writes the totals counted afresh from the cases, whatever totals the result carried in (a file read back)', () => {
    const result = run([suite('triage', ['a', { id: 'b', status: 'failed' }, { id: 'c', status: 'broken' }])]);
    const stale = { ...result, totals: { cases: 3, passed: 3, failed: 0, errored: 0, broken: 0, skipped: 0 } };
    expect(JSON.parse(resultsJson(stale)).totals).toEqual({ cases: 3, passed: 1, failed: 1, errored: 0, broken: 1, skipped: 0 });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, and keeps a key named __proto__ as a key', () => {
    const request = JSON.parse('{"tools":[{"input_schema":{"properties":{"__proto__":{"type":"string"},"b":{"type":"number"}}}}],"a":1}') as unknown;
    expect(canonicalJson(request)).toBe('{"a":1,"tools":[{"input_schema":{"properties":{"__proto__":{"type":"string"},"b":{"type":"number"}}}}]}');
    expect(canonicalJson({ z: [{ y: 1, x: undefined, w: null }], m: 'n' })).toBe('{"m":"n","z":[{"w":null,"y":1}]}');
    // The indented form (results files, through sortKeys) too.
    expect(canonicalJson(request, 1)).toBe(JSON.stringify(JSON.parse(canonicalJson(request)), null, 1));
    expect(canonicalJson(request, 1)).toContain('"__proto__": {');
  });

  it('writes what JSON.stringify writes of the sorted copy, for any value a request may hold', () => {
    const value = fc.letrec((tie) => ({
      // Integer-like keys too: an object lists them first, in numeric order.
      any: fc.oneof(
        { depthSize: 'small' },
        fc.constant(undefined),
        fc.jsonValue(),
        fc.array(tie('any')),
        fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom('4294967295', '01', '-1')), tie('any')),
      ),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(JSON.stringify(sortKeys(v)));
        expect(canonicalJson(v)).toBe(JSON.stringify(v, sortedByBuiltinSort));
      }),
    );
  });

  it('writes strings and numbers as JSON.stringify does: escapes, unpaired surrogates, -0, NaN, Infinity', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ unit: anyUnit }), fc.double(), (s, n) => {
        expect(canonicalJson({ s, n, list: [s, n] })).toBe(JSON.stringify({ list: [s, n], n, s }));
      }),
    );
    for (const s of ['"', '\\', '\n', '\u001f', '\ud800', 'a\udc00b', '\u{1F600}', '\u2028', '\u007f']) expect(canonicalJson(s)).toBe(JSON.stringify(s));
    for (const n of [-0, NaN, Infinity, -Infinity, 1e21, 5e-324]) expect(canonicalJson(n)).toBe(JSON.stringify(n));
  });

  it('lists index keys first whatever sorts before them, the empty key included', () => {
    expect(canonicalJson({ b: 1, '': 2, 10: 3, 5: 4 })).toBe('{"5":4,"10":3,"":2,"b":1}');
    expect(canonicalJson({ $schema: 1, 7: 2 })).toBe('{"7":2,"$schema":1}');
  });

  it('sortKeys keeps what is sorted already (a results file read back) and copies the rest', () => {
    const sorted = { a: [{ b: 1, c: { d: 'e' } }], f: null };
    expect(sortKeys(sorted)).toBe(sorted);
    const unsortedInside = { a: 1, b: [{ d: 1, c: 2 }], e: { f: 3 } };
    const copy = sortKeys(unsortedInside);
    expect(copy).not.toBe(unsortedInside);
    expect(JSON.stringify(copy)).toBe('{"a":1,"b":[{"c":2,"d":1}],"e":{"f":3}}');
    expect(copy.e).toBe(unsortedInside.e);
    // In order, but with a value left out, or without the plain prototype JSON.stringify writes fastest: copied.
    expect(Object.keys(sortKeys({ a: 1, b: undefined, c: 2 }))).toEqual(['a', 'c']);
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(Object.getPrototypeOf(sortKeys(bare))).toBe(Object.prototype);
  });

  it('sortKeys does not sort a value again for the copy it goes into, however deep the copies nest', () => {
    // Each level is copied (its keys out of order) and holds the next: sorting the copied value again
    // for the copy would read the innermost object twice a level, 2^20 times here.
    let reads = 0;
    let chain: Record<string, unknown> = {
      get z() {
        reads++;
        return 1;
      },
    };
    for (let i = 0; i < 20; i++) chain = { b: chain, a: i };
    const sorted = sortKeys(chain);
    expect(Object.keys(sorted)).toEqual(['a', 'b']);
    expect(reads).toBeLessThanOrEqual(2);
  });

  it('orders keys as Array.prototype.sort does, the few an object usually has and many', () => {
    const keys = fc.uniqueArray(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a', 'B', 'é', 'Z', '_', '~', '\u{1F600}', '\uFFFF')), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(keys, (ks) => {
        const object = Object.fromEntries(ks.map((k, i) => [k, i]));
        expect(canonicalJson(object)).toBe(JSON.stringify(object, sortedByBuiltinSort));
      }),
    );
    // Past the few: 60 keys in reverse order, and shuffled (37 is prime to 60: every key once).
    const many = Array.from({ length: 60 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const order of [[...many].reverse(), many.map((_, i) => many[(i * 37) % 60]!)]) {
      const object = Object.fromEntries(order.map((k) => [k, { [order[0]!]: 1, [order[1]!]: 2 }]));
      expect(canonicalJson(object)).toBe(JSON.stringify(object, sortedByBuiltinSort));
    }
  });
});

/** A reference canonical form, every object's keys ordered by the built-in sort (JSON.stringify's replacer). */
function sortedByBuiltinSort(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, (value as Record<string, unknown>)[k]]),
  );
}
