import { hash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

/**
 * The shard (1-based) a case belongs to, from a hash of suite name and case id (and a matrix copy's
 * model), never its position: editing cases moves only those touched, and every machine agrees
 * without talking. Changing it reshuffles every user's shards: treat it as part of the results format.
 */
export function shardOf(suiteName: string, caseId: string, total: number, model?: string): number {
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`shard total must be a whole number >= 1, got ${total}`);
  // A JSON pair, not "suite/case": "a/b"+"c" and "a"+"b/c" must not share a key.
  const key = JSON.stringify(model === undefined ? [suiteName, caseId] : [suiteName, caseId, model]);
  // 32 bits modulo a small N: the bias is below one in 10^7, far under the hash's own spread.
  return (firstWordOf(key) % total) + 1;
}

/**
 * The key's hash, its first 32 bits; remembered, as a shard's loader asks for every case of the suite
 * and its plan again for its own. One-shot hash(): it is asked as many times as there are cases.
 */
const firstWords = new Map<string, number>();
function firstWordOf(key: string): number {
  let word = firstWords.get(key);
  if (word === undefined) {
    // The first 8 hex digits are the first 32 bits, big-endian; a string is quicker to get than a Buffer.
    word = Number.parseInt(hash('sha256', key, 'hex').slice(0, 8), 16);
    if (firstWords.size < 100_000) firstWords.set(key, word);
  }
  return word;
}

/**
 * The shards a case's copies land in: one per model of its matrix (as modelCopies copies it), else
 * the case's own. What a loader for one shard asks before resolving a case (suite/load.ts).
 */
export function shardsOfCase(suiteName: string, caseId: string, models: readonly string[] | undefined, total: number): number[] {
  return models?.length ? [...new Set(models)].map((m) => shardOf(suiteName, caseId, total, m)) : [shardOf(suiteName, caseId, total)];
}

/** Suite name, case id, and the model of a matrix copy. */
export type ShardKey = [suite: string, caseId: string, model?: string];

function shardOfKey([suite, caseId, model]: ShardKey, total: number): number {
  return shardOf(suite, caseId, total, model);
}

/** The items of one shard, in their original order. Repeats of a case stay together with it. */
export function pickShard<T>(items: T[], key: (item: T) => ShardKey, shard: Shard): T[] {
  if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.total) {
    throw new RangeError(`shard must satisfy 1 <= index <= total, got ${shard.index}/${shard.total}`);
  }
  return items.filter((item) => shardOfKey(key(item), shard.total) === shard.index);
}

/** How many items land in each shard (index 0 is shard 1): the run prints these. */
export function shardCounts<T>(items: T[], key: (item: T) => ShardKey, total: number): number[] {
  const counts = Array.from({ length: total }, () => 0);
  for (const item of items) counts[shardOfKey(key(item), total) - 1]!++;
  return counts;
}
