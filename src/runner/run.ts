/**
 * The runner: plan, schedule samples under a concurrency limit, assemble the RunResult.
 * It is blind to the transport: replay, record, live and batch all answer the same `send`.
 */
import pLimit from 'p-limit';
import { judgeCase } from '../assertions/evaluate.ts';
import { callCost } from '../pricing/cost.ts';
import { RESULT_VERSION, type CaseResult, type Mode, type RunResult, type SampleResult, type SuiteResult } from '../result.ts';
import type { Suite } from '../suite/types.ts';
import type { Transport } from '../transport/types.ts';
import type { Progress, RunEvent } from './events.ts';
import { plan, type PlannedCase, type PlanOptions } from './plan.ts';
import { runSample } from './sample.ts';

export interface RunOptions extends PlanOptions {
  transport: Transport;
  concurrency: number;
  /** Aborting stops scheduling and abandons in-flight calls; what finished is still reported. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  toolVersion: string;
  mode?: Mode;
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
  const progress: Progress = { total: thePlan.samples, done: 0, inFlight: 0, concurrency: options.concurrency, rateLimited: 0, retries: 0, spentUsd: 0 };
  const emit = options.onEvent ?? (() => {});
  emit({ type: 'plan', plan: thePlan, progress });

  const stop = new AbortController();
  const onAbort = () => {
    emit({ type: 'stopping', reason: stopReasonOf(options.signal?.reason).message, progress });
    stop.abort(options.signal?.reason);
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const limit = pLimit(options.concurrency);
  const runCase = async (p: PlannedCase): Promise<CaseResult> => {
    if (p.skip) return caseResult(p, [], 0, p.skip);
    const started = performance.now();
    const attempts = Array.from({ length: p.repeat }, (_, i) =>
      limit(async () => {
        // Queued work checks the stop signal instead of being cleared, so every promise settles.
        if (stop.signal.aborted) throw new Abandoned();
        progress.inFlight++;
        try {
          const sample = await runSample({ suite: p.suite, case: p.case, repeat: i + 1 }, options.transport, stop.signal);
          progress.done++;
          progress.spentUsd += sampleCost(sample);
          emit({ type: 'sample', suite: p.suite.name, caseId: p.case.id, sample, progress });
          return sample;
        } finally {
          progress.inFlight--;
        }
      }),
    );
    const samples = (await Promise.allSettled(attempts)).flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const result = caseResult(p, samples, Math.round(performance.now() - started), stop.signal.aborted ? stopReasonOf(stop.signal.reason).message : undefined);
    emit({ type: 'case', suite: p.suite.name, file: p.suite.file, result, progress });
    return result;
  };

  const results = await Promise.all(thePlan.cases.map(runCase));
  options.signal?.removeEventListener('abort', onAbort);
  await options.transport.close?.();

  const bySuite = new Map<Suite, SuiteResult>();
  thePlan.cases.forEach((p, i) => {
    let suite = bySuite.get(p.suite);
    if (!suite) bySuite.set(p.suite, (suite = { file: p.suite.file.split('\\').join('/'), name: p.suite.name, digest: p.suite.digest, cases: [] }));
    suite.cases.push(results[i]!);
  });
  return {
    version: RESULT_VERSION,
    tool: { name: 'promptgate', version: options.toolVersion },
    mode: options.mode ?? options.transport.mode,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    ...(stop.signal.aborted ? { stopped: stopReasonOf(stop.signal.reason) } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    suites: [...bySuite.values()],
  };
}

function caseResult(p: PlannedCase, samples: SampleResult[], durationMs: number, stoppedBecause: string | undefined): CaseResult {
  const base = {
    id: p.case.id,
    ...(p.case.name ? { name: p.case.name } : {}),
    line: p.case.loc.line,
    col: p.case.loc.col,
    tags: p.case.tags,
    repeat: p.repeat,
    minPassRate: p.case.minPassRate,
    durationMs,
    samples: samples.sort((a, b) => a.repeat - b.repeat),
  };
  if (samples.length === 0) return { ...base, status: 'skipped', reason: p.skip ?? `not run: ${stoppedBecause ?? 'stopped'}`, flaky: false };
  const verdict = judgeCase(samples.map((s) => s.status), p.case.minPassRate);
  const partial = samples.length < p.repeat ? { reason: `${samples.length} of ${p.repeat} samples ran before the run stopped` } : {};
  return { ...base, ...verdict, ...partial };
}

function stopReasonOf(reason: unknown): StopReason {
  if (reason && typeof reason === 'object' && 'reason' in reason && 'message' in reason) return reason as StopReason;
  return { reason: 'interrupted', message: 'interrupted' };
}

function sampleCost(sample: SampleResult): number {
  return sample.calls.reduce((sum, c) => sum + (callCost(c.model, c.usage, { batch: c.batch })?.total ?? 0), 0);
}
