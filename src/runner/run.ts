/**
 * The runner: plan, schedule samples under a concurrency limit, assemble the RunResult.
 * It is blind to the transport: replay, record, live and batch all answer the same `send`.
 */
import pLimit from 'p-limit';
import { judgeCase } from '../assertions/evaluate.ts';
import { deprecatedModelsUsed } from '../models/lifecycle.ts';
import { RESULT_VERSION, type CaseResult, type Mode, type RunResult, type SampleResult, type SuiteResult } from '../run-result.ts';
import type { Case, Suite } from '../suite/types.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../transport/retry-policy.ts';
import type { Call, Transport } from '../transport/types.ts';
import { AdaptiveLimit } from './adaptive-limit.ts';
import { AttemptTally } from './attempt-tally.ts';
import { Budget } from './budget.ts';
import type { Progress, RunEvent } from './events.ts';
import { plan, type PlannedCase, type PlanOptions } from './plan.ts';
import { SampleSpend } from './sample-spend.ts';
import { runSample } from './sample.ts';
import { scheduledTransport } from './scheduled-transport.ts';
import { uncountedWorstCall, type WorstCall } from './worst-case.ts';
import { suiteDigest } from '../suite/digest.ts';
import { apiVersionOfSdk, installedSdkVersion } from '../models/api-version.ts';
import { commitOf } from './ci-commit.ts';

/**
 * How long calls already sent may take to answer after an interrupt before they are cut (and counted
 * at their worst case): long enough for an answer seconds away, short enough that reports are written
 * inside the 7.5 s GitHub Actions leaves between a cancelled job's SIGINT and SIGTERM.
 */
export const INTERRUPT_GRACE_MS = 3_000;

export interface RunOptions extends PlanOptions {
  transport: Transport;
  /**
   * Most requests in flight, a hard ceiling; the adaptive limit moves below it on 429s and back up on
   * successes. Unset: the limit follows the rate-limit headers and latency (adaptive-limit.ts).
   */
  concurrency?: number | undefined;
  /**
   * Aborting interrupts the run: nothing new is sent, calls already sent get `graceMs` to answer and
   * are then cut (reported as sent, outcome unknown, at their worst case); what finished is reported.
   */
  signal?: AbortSignal;
  /** Aborting cuts calls in flight at once, grace or not (a second Ctrl-C). */
  cut?: AbortSignal;
  /** Default INTERRUPT_GRACE_MS. */
  graceMs?: number;
  onEvent?: (event: RunEvent) => void;
  toolVersion: string;
  /** The `anthropic-version` the run sends to every case pinning none (`--api-version`); default: the installed SDK's. */
  apiVersion?: string | undefined;
  mode?: Mode;
  /** How failed calls are retried (default DEFAULT_RETRY_POLICY). */
  retry?: RetryPolicy;
  /** Spend caps: `maxCostUsd` for the run, and each suite's `max_cost_usd`. Without this, nothing is capped. */
  budget?: {
    maxCostUsd?: number;
    /** What a sample may cost at worst, one attempt of each of its calls (reserved before it starts). */
    worstCaseUsd: (c: Case) => number;
    /** A call's share of that; without it, a call's worst case is bounded without count_tokens (worst-case.ts). */
    worstCall?: (c: Case, call: Call) => WorstCall | undefined;
  };
}

/** Set as an AbortSignal's reason to say why a run stopped early. */
export interface StopReason {
  reason: NonNullable<RunResult['stopped']>['reason'];
  message: string;
}

class Abandoned extends Error {}

export async function runSuites(suites: Suite[], options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const thePlan = plan(suites, options);
  const limit = new AdaptiveLimit(options.concurrency);
  const progress: Progress = { total: thePlan.samples, done: 0, inFlight: 0, concurrency: limit.concurrency, rateLimited: 0, retries: 0, spentUsd: 0 };
  const emit = options.onEvent ?? (() => {});
  emit({ type: 'plan', plan: thePlan, progress });

  // `stop` ends scheduling new samples (budget, interrupt); reserved samples still finish. `drain`
  // (interrupt) stops new requests but lets sent ones answer, since an answer says what it cost where
  // a cut leaves only the worst case. `abort` cuts what is in flight (grace over, a second Ctrl-C).
  const stop = new AbortController();
  const drain = new AbortController();
  const abort = new AbortController();
  const stopWith = (why: StopReason) => {
    if (stop.signal.aborted) return;
    emit({ type: 'stopping', reason: why.message, progress });
    stop.abort(why);
  };
  let grace: NodeJS.Timeout | undefined;
  const onInterrupt = () => {
    const why = stopReasonOf(options.signal?.reason);
    stopWith(why);
    drain.abort(why);
    grace ??= setTimeout(() => abort.abort(why), options.graceMs ?? INTERRUPT_GRACE_MS);
  };
  const onCut = () => {
    if (!drain.signal.aborted) onInterrupt();
    abort.abort(drain.signal.reason);
  };
  const listen = (signal: AbortSignal | undefined, handler: () => void) => {
    if (signal?.aborted) handler();
    else signal?.addEventListener('abort', handler, { once: true });
  };
  listen(options.signal, onInterrupt);
  listen(options.cut, onCut);

  const tally = new AttemptTally();
  const transport = scheduledTransport(options.transport, {
    limit,
    policy: options.retry ?? DEFAULT_RETRY_POLICY,
    progress,
    tally,
    drain: drain.signal,
  });
  const budgets = budgetsFor(suites, options.budget);
  // Samples admitted at once: enough to keep every request slot busy while others sit out a retry wait,
  // few enough that memory stays flat and budget reservations stay close to what is in flight.
  const admitted = Math.max(2 * limit.max, limit.max + 8);
  const samples = pLimit(admitted);

  const runOne = (p: PlannedCase, repeat: number) =>
    samples(async () => {
      if (stop.signal.aborted) throw new Abandoned();
      const worst = options.budget?.worstCaseUsd(p.case) ?? 0;
      const caps = [budgets.run, budgets.bySuite.get(p.suite)].filter((b) => b !== undefined);
      // Bounded: each pass waits for a reservation in flight to settle, and there are finitely many.
      for (let refused = refusalOf(caps, worst); refused; refused = refusalOf(caps, worst)) {
        if (refused.budget.inFlight === 0) {
          stopWith({ reason: 'budget', message: refused.message });
          throw new Abandoned();
        }
        await refused.budget.nextSettle();
        if (stop.signal.aborted) throw new Abandoned();
      }
      const spend = new SampleSpend({
        caps,
        holdUsd: worst,
        worstOf: (call) => options.budget?.worstCall?.(p.case, call) ?? uncountedWorstCall(call.params, transport.mode === 'batch'),
        mode: transport.mode,
        onSpent: (usd) => void (progress.spentUsd += usd),
        onRefused: (message) => stopWith({ reason: 'budget', message }),
      });
      try {
        const send = (call: Call, signal: AbortSignal) => transport.send(call, signal, spend);
        const sample = await runSample({ suite: p.suite, case: p.case, repeat, samples: p.repeat }, send, spend, { abort: abort.signal, drain: drain.signal });
        tally.settle(sample, spend);
        progress.done++;
        emit({ type: 'sample', suite: p.suite.name, caseId: p.case.id, sample, progress });
        return sample;
      } finally {
        spend.close();
      }
    });

  const runCase = async (p: PlannedCase): Promise<CaseResult> => {
    if (p.skip) return caseResult(p, [], 0, p.skip);
    const started = performance.now();
    const attempts: Promise<SampleResult>[] = [];
    for (let repeat = 1; repeat <= p.repeat; repeat++) attempts.push(runOne(p, repeat));
    const settled = await Promise.allSettled(attempts);
    const samplesRun = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    // Anything but an abandoned sample is a bug worth seeing, not a silently missing sample.
    const broken = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof Abandoned) && !stop.signal.aborted);
    if (broken?.status === 'rejected') throw broken.reason;
    const result = caseResult(
      p,
      samplesRun,
      Math.round(performance.now() - started),
      stop.signal.aborted ? stopReasonOf(stop.signal.reason).message : undefined,
    );
    if (samplesRun.length) result.startMs = Math.round(started - t0);
    emit({ type: 'case', suite: p.suite.name, file: p.suite.file, result, progress });
    return result;
  };

  // As many cases under way as samples admitted (each has at least one), not every case at once: a
  // case waiting its turn was objects held from the start, and a large run's memory grew with them.
  const results: CaseResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < thePlan.cases.length) {
      const i = next++;
      results[i] = await runCase(thePlan.cases[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(admitted, thePlan.cases.length) }, worker));
  const apiVersion = options.apiVersion ?? apiVersionOfSdk();
  thePlan.cases.forEach((p, i) => {
    if (p.case.apiVersion !== undefined && p.case.apiVersion !== apiVersion) results[i]!.apiVersion = p.case.apiVersion;
  });
  clearTimeout(grace);
  options.signal?.removeEventListener('abort', onInterrupt);
  options.cut?.removeEventListener('abort', onCut);
  await options.transport.close?.();

  const bySuite = new Map<Suite, SuiteResult>();
  thePlan.cases.forEach((p, i) => {
    let suite = bySuite.get(p.suite);
    if (!suite) bySuite.set(p.suite, (suite = { file: p.suite.file.split('\\').join('/'), name: p.suite.name, digest: suiteDigest(p.suite), cases: [] }));
    suite.cases.push(results[i]!);
  });
  return {
    version: RESULT_VERSION,
    tool: { name: 'promptgate', version: options.toolVersion },
    api: { sdk: installedSdkVersion() ?? 'none', version: apiVersion },
    mode: options.mode ?? options.transport.mode,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    ...(stop.signal.aborted ? { stopped: stopReasonOf(stop.signal.reason) } : {}),
    // The commit, where the CI says it, lets merge refuse shards of two commits (ci-commit.ts).
    ...(options.shard ? { shard: { index: options.shard.index, total: options.shard.total, ...commitOf(options.env ?? process.env) } } : {}),
    ...deprecatedModelsUsed([...bySuite.values()], startedAt),
    suites: [...bySuite.values()],
  };
}

function refusalOf(caps: Budget[], worstUsd: number): { budget: Budget; message: string } | undefined {
  for (const budget of caps) {
    const message = budget.refusal(worstUsd);
    if (message) return { budget, message };
  }
  return undefined;
}

function budgetsFor(suites: Suite[], budget: RunOptions['budget']): { run?: Budget | undefined; bySuite: Map<Suite, Budget> } {
  const bySuite = new Map<Suite, Budget>();
  if (!budget) return { bySuite };
  for (const s of suites) if (s.maxCostUsd !== undefined) bySuite.set(s, new Budget(s.maxCostUsd, `suite ${s.name} max_cost_usd`));
  return { run: budget.maxCostUsd === undefined ? undefined : new Budget(budget.maxCostUsd, '--max-cost'), bySuite };
}

function caseResult(p: PlannedCase, samples: SampleResult[], durationMs: number, stoppedBecause: string | undefined): CaseResult {
  // Field by field in this order, not a literal with spreads amid its fields (many times slower to build, once a case).
  const base = { id: p.case.id } as Omit<CaseResult, 'status' | 'flaky'>;
  if (p.case.matrix) base.model = p.case.matrix.model;
  if (p.case.name) base.name = p.case.name;
  if (p.case.cacheControlAdded) base.cacheControlAdded = p.case.cacheControlAdded;
  base.line = p.case.loc.line;
  base.col = p.case.loc.col;
  base.tags = p.case.tags;
  base.repeat = p.repeat;
  base.minPassRate = p.case.minPassRate;
  base.durationMs = durationMs;
  base.samples = samples.sort((a, b) => a.repeat - b.repeat);
  if (samples.length === 0) return { ...base, status: 'skipped', reason: p.skip ?? `not run: ${stoppedBecause ?? 'stopped'}`, flaky: false };
  const verdict = judgeCase(
    samples.map((s) => s.status),
    p.case.minPassRate,
  );
  const partial = samples.length < p.repeat ? { reason: `${samples.length} of ${p.repeat} samples ran before the run stopped` } : {};
  return { ...base, ...verdict, ...partial };
}

function stopReasonOf(reason: unknown): StopReason {
  // Only the two fields: the results record what stopped the run, not whatever else the caller's reason carries.
  if (reason && typeof reason === 'object' && 'reason' in reason && 'message' in reason)
    return { reason: (reason as StopReason).reason, message: (reason as StopReason).message };
  return { reason: 'interrupted', message: 'interrupted' };
}
