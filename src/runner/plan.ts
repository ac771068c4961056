/** Which cases run: filters, tags, skip/only and shards, decided before any call is made. */
import type { Case, Suite } from '../suite/types.ts';
import { pickShard, shardCounts, type Shard } from './shard.ts';

export interface PlanOptions {
  filter?: string;
  tags?: string[];
  shard?: Shard;
  /** Overrides every case's repeat count. */
  repeat?: number;
}

export interface PlannedCase {
  suite: Suite;
  case: Case;
  repeat: number;
  /** Set when the case is reported as skipped instead of run. */
  skip?: string;
}

export interface Plan {
  cases: PlannedCase[];
  /** Cases per shard (all shards), when sharding. */
  shardCounts?: number[];
  /** Samples to run: the cases not skipped, times their repeats. */
  samples: number;
}

export function plan(suites: Suite[], options: PlanOptions = {}): Plan {
  const needle = options.filter?.toLowerCase();
  let selected = suites.flatMap((suite) =>
    suite.cases
      .filter((c) => !needle || `${suite.name}/${c.id}`.toLowerCase().includes(needle) || (c.name ?? '').toLowerCase().includes(needle))
      .filter((c) => !options.tags?.length || options.tags.some((t) => c.tags.includes(t)))
      .map((c) => ({ suite, case: c, repeat: options.repeat ?? c.repeat })),
  );
  // Focus is decided over the whole selection, before sharding, so every shard agrees on it.
  const focused = selected.some((p) => p.case.only);
  const key = (p: PlannedCase): [string, string] => [p.suite.name, p.case.id];
  const counts = options.shard ? shardCounts(selected, key, options.shard.total) : undefined;
  if (options.shard) selected = pickShard(selected, key, options.shard);
  const cases = selected.map((p): PlannedCase => {
    const skip = p.case.skip ?? (focused && !p.case.only ? 'not marked only: (another case is)' : undefined);
    return skip ? { ...p, skip } : p;
  });
  return { cases, shardCounts: counts, samples: cases.reduce((n, p) => n + (p.skip ? 0 : p.repeat), 0) };
}
