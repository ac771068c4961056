/** Shard arguments at their edges: index 1 and index = total are shards, 0 and total + 1 are not. */
import { expect, it } from 'vitest';
import { pickShard, shardOf, type ShardKey } from '../../src/runner/shard.ts';

const ids = Array.from({ length: 40 }, (_, i) => `case-${i}`);
const key = (id: string): ShardKey => ['s', id];

it.each<[number, number, boolean]>([
  [0, 3, false],
  [1, 3, true],
  [3, 3, true],
  [4, 3, false],
  [1, 1, true],
  [1.5, 3, false],
  [-1, 3, false],
])('shard %f/%i is accepted: %s', (index, total, ok) => {
  const pick = () => pickShard(ids, key, { index, total });
  if (ok) expect(pick).not.toThrow();
  else expect(pick).toThrow(RangeError);
});

it('the shards 1..total split the cases, each case in exactly one; total 1 keeps all', () => {
  const shards = [1, 2, 3].map((index) => pickShard(ids, key, { index, total: 3 }));
  expect(shards.flat().sort()).toEqual([...ids].sort());
  expect(shards.every((s) => s.length > 0)).toBe(true);
  expect(pickShard(ids, key, { index: 1, total: 1 })).toEqual(ids);
});

it.each<[number, boolean]>([
  [0, false],
  [1, true],
  [1.5, false],
  [-2, false],
])('a total of %f is accepted: %s', (total, ok) => {
  const of = () => shardOf('s', 'c', total);
  if (ok) expect(of()).toBe(1);
  else expect(of).toThrow(RangeError);
});
