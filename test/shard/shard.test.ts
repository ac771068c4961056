import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickShard, shardCounts, shardOf } from '../../src/runner/shard.ts';

type Item = { suite: string; id: string };
const key = (t: Item): [string, string] => [t.suite, t.id];
const ids = (n: number, suite = 'support-triage'): Item[] => Array.from({ length: n }, (_, i) => ({ suite, id: `case-${i}` }));

function shardsOf(items: Item[], total: number): Item[][] {
  return Array.from({ length: total }, (_, i) => pickShard(items, key, { index: i + 1, total }));
}

describe('shardOf / pickShard', () => {
  it('the union of all shards is the full set, no case twice', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'a/b'), fc.string()), { selector: (t) => JSON.stringify(t), maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        (pairs, total) => {
          const items = pairs.map(([suite, id]) => ({ suite, id }));
          const shards = shardsOf(items, total);
          const seen = shards.flat();
          expect(seen).toHaveLength(items.length);
          expect(new Set(seen)).toEqual(new Set(items));
          // Each shard keeps the original order, so a shard's report reads like the suite.
          for (const s of shards) expect(s).toEqual(items.filter((i) => s.includes(i)));
        },
      ),
    );
  });

  it('spreads 1,000 ids over 4 shards within ±15% of even', () => {
    const counts = shardCounts(ids(1000), key, 4);
    expect(counts.reduce((a, b) => a + b)).toBe(1000);
    for (const c of counts) expect(Math.abs(c - 250)).toBeLessThanOrEqual(250 * 0.15);
  });

  it('spreads ids of several suites over 10 shards within ±25% of even', () => {
    const items = ['triage', 'extract', 'summarise'].flatMap((s) => ids(1000, s));
    for (const c of shardCounts(items, key, 10)) expect(Math.abs(c - 300)).toBeLessThanOrEqual(300 * 0.25);
  });

  it('adding a case moves only that case', () => {
    const before = ids(200);
    const after = [...before.slice(0, 50), { suite: 'support-triage', id: 'new-case' }, ...before.slice(50)];
    for (const total of [2, 3, 4, 7]) {
      const home = (items: Item[]) => new Map(shardsOf(items, total).flatMap((s, i) => s.map((item) => [item, i] as const)));
      const was = home(before);
      const now = home(after);
      expect(before.filter((item) => was.get(item) !== now.get(item))).toEqual([]);
      expect(now.has(after[50]!)).toBe(true);
    }
  });

  it('is a function of the suite and the id, not their joined text', () => {
    // Same "suite/case" text, different pairs: the keys differ, so over many such pairs some land apart.
    const apart = ids(50).filter(({ id }) => shardOf(`s/${id}`, 'x', 8) !== shardOf('s', `${id}/x`, 8));
    expect(apart.length).toBeGreaterThan(0);
  });

  it('is stable across releases: pinned values', () => {
    // If these change, every user's shard assignment changes: do it only on purpose.
    expect(PINNED_IDS.map((id) => shardOf('support-triage', id, 4))).toEqual([2, 3, 4, 1, 3]);
  });

  it('puts everything in shard 1 of 1', () => {
    expect(pickShard(ids(30), key, { index: 1, total: 1 })).toHaveLength(30);
  });

  it('refuses a shard out of range', () => {
    expect(() => pickShard(ids(3), key, { index: 5, total: 4 })).toThrow(/1 <= index <= total/);
    expect(() => shardOf('s', 'c', 0)).toThrow(RangeError);
  });
});

const PINNED_IDS = ['billing-double-charge', 'out-of-scope', 'extraction-json', 'refund', 'greeting'];
