/**
 * How long a case and a suite took, from what the RunResult records. `CaseResult.durationMs` is not
 * the case's own time: every case's clock starts with the run (all wait in the scheduler), so it is
 * when the case ended, and summing it per suite would overstate the suite many times over.
 */
import type { CaseResult, RunResult, SuiteResult } from '../src/run-result.ts';

/** A case's own time: its samples' wall time added up (repeats that overlapped count each). */
export function caseTime(c: CaseResult): number {
  return c.samples.reduce((sum, s) => sum + Math.max(0, s.durationMs), 0);
}

/**
 * A suite's wall time, from its first sample's start to its last case's end. Sample starts are
 * inferred (case end minus its longest sample), so the figure never exceeds the real wall time or
 * the run's duration, and is exact when each case has one sample.
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
