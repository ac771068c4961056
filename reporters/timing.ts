/**
 * How long a case and a suite took, from what the RunResult records. A case's time is its samples'
 * wall times added up (`SampleResult.durationMs`); a suite's is the span from its first case's start
 * (`CaseResult.startMs`, from the run's start) to its last case's end (that plus the case's own
 * `durationMs`): cases run side by side, so not their sum.
 */
import type { CaseResult, RunResult, SuiteResult } from '../src/run-result.ts';

/** A case's own time: its samples' wall time added up (repeats that overlapped count each). */
export function caseTime(c: CaseResult): number {
  return c.samples.reduce((sum, s) => sum + Math.max(0, s.durationMs), 0);
}

/**
 * A suite's wall time: from its first case's start to its last case's end. A results file written
 * before cases had `startMs` gives the longest case instead, which is never more than the truth.
 */
export function suiteTime(result: Pick<RunResult, 'durationMs'>, suite: SuiteResult): number {
  const ran = suite.cases.filter((c) => c.samples.length > 0);
  if (ran.length === 0) return 0;
  const span = ran.every((c) => c.startMs !== undefined)
    ? Math.max(...ran.map((c) => c.startMs! + c.durationMs)) - Math.min(...ran.map((c) => c.startMs!))
    : Math.max(...ran.map((c) => c.durationMs));
  // Never longer than the run (each figure is rounded to the millisecond).
  return Math.min(Math.max(0, result.durationMs), Math.max(0, span));
}
