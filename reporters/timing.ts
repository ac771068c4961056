/**
 * How long a case and a suite took, from what the RunResult records. It records no start times,
 * and `CaseResult.durationMs` is not the case's own time: the runner starts every case's clock
 * when the run starts (all cases are handed to its scheduler at once and wait their turn there),
 * so a case's `durationMs` is when it ended, counted from the run's start. Summed per suite, that
 * made an 11.7 s run's JUnit report 1,196.7 s.
 */
import type { CaseResult, RunResult, SuiteResult } from '../src/run-result.ts';

/** A case's own time: its samples' wall time added up (repeats that overlapped count each). */
export function caseTime(c: CaseResult): number {
  return c.samples.reduce((sum, s) => sum + Math.max(0, s.durationMs), 0);
}

/**
 * A suite's wall time, from its first sample's start to its last case's end. A case ended at its
 * `durationMs` after the run's start, and its longest sample started no later than that sample's
 * duration before the end, so the earliest such start bounds the suite's start from above: the
 * figure is never more than the suite's real wall time, and is exact when each case has one sample.
 * It is also never more than the run's own duration (merged shards count from their own starts).
 */
export function suiteTime(result: Pick<RunResult, 'durationMs'>, suite: SuiteResult): number {
  const ran = suite.cases.filter((c) => c.samples.length > 0);
  if (ran.length === 0) return 0;
  const longest = (c: CaseResult) => Math.max(...c.samples.map((s) => Math.max(0, s.durationMs)));
  const end = Math.max(...ran.map((c) => c.durationMs));
  const start = Math.max(0, Math.min(...ran.map((c) => c.durationMs - longest(c))));
  // Never shorter than its longest sample (clocks are rounded to the millisecond), never longer than the run.
  return Math.min(Math.max(0, result.durationMs), Math.max(end - start, ...ran.map(longest)));
}
