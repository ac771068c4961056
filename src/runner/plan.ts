/** Which cases run: filters, tags, skip/only and shards, decided before any call is made. */
import type { Case, CaseStub, Suite } from '../suite/types.ts';
import { guardSelection, type SelectorNames } from './selection-guards.ts';
import { modelCopies } from './model-matrix.ts';
import { pickShard, shardCounts, shardOf, type Shard, type ShardKey } from './shard.ts';

export interface PlanOptions {
  filter?: string | undefined;
  tags?: string[] | undefined;
  shard?: Shard | undefined;
  /** Overrides every case's repeat count. */
  repeat?: number | undefined;
  /** Runs every case once under each of these models, in place of its own (`--model`); graders keep theirs. */
  models?: string[] | undefined;
  /** Grades every rubric with this model (`--grader-model`), over the suite's grader and a rubric's own model:. */
  graderModel?: string | undefined;
  /** Let a selection that runs nothing pass; otherwise it is refused (InputError, exit 2). */
  allowEmpty?: boolean | undefined;
  /** Let a case marked only: run when CI is set; otherwise it is refused (InputError, exit 2). */
  allowOnly?: boolean | undefined;
  /** How the caller's users name the selectors, for those refusals. Default: option names. */
  names?: SelectorNames | undefined;
  /** The run's environment, for its CI variables (`only:` under CI; the commit a shard ran on). Default: process.env. */
  env?: Record<string, string | undefined> | undefined;
}

export interface PlannedCase {
  suite: Suite;
  case: Case;
  repeat: number;
  /** Set when the case is reported as skipped instead of run. */
  skip?: string;
}

/** A case of the suites, and whether this selection runs it. */
export interface CaseChoice extends PlannedCase {
  /**
   * Set when the filter, the tags or the shard leave the case out: it is not part of this run, and
   * `promptgate run` does not report it at all (describeSuite still shows it, skipped, with this reason).
   */
  outside?: string;
}

export interface Selection {
  /** Every case of the suites, in order. */
  cases: CaseChoice[];
  /** Cases per shard (all shards), when sharding. */
  shardCounts?: number[] | undefined;
  /** Why nothing runs, when nothing does and `allowEmpty` let it pass. */
  empty?: string | undefined;
}

export interface Plan {
  cases: PlannedCase[];
  /** Cases per shard (all shards), when sharding. */
  shardCounts?: number[] | undefined;
  /** Samples to run: the cases not skipped, times their repeats. */
  samples: number;
}

/**
 * The one decision of which cases run and why the others do not; `plan` and describeSuite both use it.
 * Throws InputError for a selection that runs nothing or, under CI, a committed only: (see selection-guards.ts).
 */
export function selectCases(suites: Suite[], options: PlanOptions = {}): Selection {
  const all = suites.flatMap((suite) =>
    suite.cases.flatMap((own) =>
      modelCopies(own, options.models, options.graderModel).map((c): PlannedCase => ({ suite, case: c, repeat: options.repeat ?? c.repeat })),
    ),
  );
  const unmatched = new Map(
    all.flatMap((p) => {
      const why = unmatchedBecause(p, options);
      return why ? [[p, why] as const] : [];
    }),
  );
  const matched = all.filter((p) => !unmatched.has(p));
  // Cases a load for one shard left unresolved (Suite.elsewhere) count as a full load's would.
  const away = elsewhere(suites, options);
  // Focus is decided over the whole selection, before sharding, so every shard agrees on it.
  const focused = matched.some((p) => p.case.only) || away.some((a) => a.matched && a.stub.only);
  const key = (p: PlannedCase): ShardKey => (p.case.matrix ? [p.suite.name, p.case.id, p.case.matrix.model] : [p.suite.name, p.case.id]);
  const counts = options.shard ? shardCounts(matched, key, options.shard.total) : undefined;
  for (const a of away) if (counts && a.matched) counts[a.shard - 1]!++;
  const inShard = options.shard ? new Set(pickShard(matched, key, options.shard)) : undefined;
  const cases = all.map((p): CaseChoice => {
    const outside =
      unmatched.get(p) ??
      (inShard && !inShard.has(p)
        ? `not selected: it runs in shard ${shardOf(p.suite.name, p.case.id, options.shard!.total, p.case.matrix?.model)}/${options.shard!.total}`
        : undefined);
    if (outside) return { ...p, outside };
    const skip = p.case.skip ?? (focused && !p.case.only ? 'not marked only: (another case is)' : undefined);
    return skip ? { ...p, skip } : p;
  });
  // When nothing matched, how many cases the filter and the tags each match alone: a "did you mean" only for the one that missed.
  const awayMatched = away.filter((a) => a.matched).length;
  const alone =
    matched.length + awayMatched > 0
      ? undefined
      : {
          filter: all.filter((p) => !unmatchedBecause(p, { filter: options.filter })).length,
          tags: all.filter((p) => !unmatchedBecause(p, { tags: options.tags })).length,
        };
  const empty = guardSelection(
    suites,
    { cases, matched: matched.length + awayMatched, ...(alone ? { alone } : {}), shardCounts: counts, elsewhere: away },
    options,
  );
  return { cases, shardCounts: counts, ...(empty ? { empty } : {}) };
}

export function plan(suites: Suite[], options: PlanOptions = {}): Plan {
  const selection = selectCases(suites, options);
  const cases: PlannedCase[] = selection.cases.filter((p) => !p.outside);
  return { cases, shardCounts: selection.shardCounts, samples: cases.reduce((n, p) => n + (p.skip ? 0 : p.repeat), 0) };
}

/** One copy of a case another shard runs (Suite.elsewhere): its shard, and whether the filter and tags take it. */
export interface ElsewhereCopy {
  suite: Suite;
  stub: CaseStub;
  shard: number;
  matched: boolean;
}

function elsewhere(suites: Suite[], options: PlanOptions): ElsewhereCopy[] {
  const total = options.shard?.total;
  return suites.flatMap((suite) => {
    if (!suite.elsewhere) return [];
    const loaded = suite.elsewhere.shard;
    // The cases this suite holds are another shard's: planning it under any other would run the wrong ones.
    if (loaded.index !== options.shard?.index || loaded.total !== total) {
      throw new Error(
        `suite ${suite.name} was loaded for shard ${loaded.index}/${loaded.total} and cannot be planned ${options.shard ? `as ${options.shard.index}/${options.shard.total}` : 'unsharded'}`,
      );
    }
    return suite.elsewhere.cases.flatMap((stub) => {
      const matched = !unmatchedBecause({ suite, case: stub }, options);
      return stub.shards.map((shard) => ({ suite, stub, shard, matched }));
    });
  });
}

/** Why the filter or the tags leave a case out, in words that fit a flag and an option alike. */
function unmatchedBecause(p: { suite: Suite; case: Pick<Case, 'id' | 'name' | 'tags'> }, options: PlanOptions): string | undefined {
  const needle = options.filter?.toLowerCase();
  if (needle && !`${p.suite.name}/${p.case.id}`.toLowerCase().includes(needle) && !(p.case.name ?? '').toLowerCase().includes(needle)) {
    return `not selected: neither ${p.suite.name}/${p.case.id} nor its name contains "${options.filter}"`;
  }
  if (options.tags?.length && !options.tags.some((t) => p.case.tags.includes(t))) {
    return `not selected: it has none of the tags ${options.tags.join(', ')}`;
  }
  return undefined;
}
