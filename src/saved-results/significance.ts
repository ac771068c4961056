/**
 * Whether a repeated case's drop in pass rate is real or noise: sampling is random (4 of 5 after
 * 5 of 5 is common for a case passing 90% of the time), so a drop is a regression only when a
 * one-sided Fisher's exact test rejects "both runs pass equally often" at SIGNIFICANCE; otherwise
 * compare calls it inconclusive.
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

// Sums of logs, cached: exact enough for the samples two runs can hold.
const LOG_FACTORIALS = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}
