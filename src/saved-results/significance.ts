/**
 * Whether a repeated case's drop in pass rate is real or noise. Sampling a model is random: 4 of 5
 * passing after 5 of 5 is what a case passing 90% of the time does one run in three. So a change
 * between two runs of a repeated case is called a regression only when an exact test on the two
 * pass counts finds it unlikely under "both runs pass equally often": Fisher's exact test,
 * one-sided (only a drop fails the gate), at SIGNIFICANCE. Otherwise the samples cannot tell, and
 * compare says so: inconclusive, run more repeats.
 */

/** The chance of wrongly calling noise a regression that compare accepts: 5%, the usual level. */
export const SIGNIFICANCE = 0.05;

export interface PassCounts {
  passed: number;
  /** Samples judged: passed plus failed. */
  judged: number;
}

/**
 * One-sided p-value of Fisher's exact test that `current` passes less often than `base`: the
 * chance, with the pass total and the sample counts fixed, that current passes `current.passed`
 * times or fewer (hypergeometric tail).
 */
export function fisherDropP(base: PassCounts, current: PassCounts): number {
  const total = base.judged + current.judged;
  const passes = base.passed + current.passed;
  const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  const denominator = logChoose(total, current.judged);
  let p = 0;
  for (let x = Math.max(0, current.judged - (total - passes)); x <= current.passed; x++) {
    p += Math.exp(logChoose(passes, x) + logChoose(total - passes, current.judged - x) - denominator);
  }
  return Math.min(1, p);
}

/** `regression` when the drop is significant at SIGNIFICANCE, else `inconclusive`. */
export function judgeDrop(base: PassCounts, current: PassCounts): { verdict: 'regression' | 'inconclusive'; p: number } {
  const p = fisherDropP(base, current);
  return { verdict: p < SIGNIFICANCE ? 'regression' : 'inconclusive', p };
}

// Sums of logs, cached: exact enough (relative error ~1e-13) for the at most 2,000 samples two runs hold.
const LOG_FACTORIALS = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}
