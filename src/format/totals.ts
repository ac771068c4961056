import type { Totals } from '../run-result.ts';

/**
 * "3 passed, 1 failed, 0 errored, 0 skipped": the run's verdict counts in one order everywhere.
 * Broken checks are named only when there are some: rare, and a zero would only add noise.
 */
export function countsLine(t: Totals, separator = ', '): string {
  const parts = [`${t.passed} passed`, `${t.failed} failed`, `${t.errored} errored`, ...(t.broken ? [`${t.broken} broken`] : []), `${t.skipped} skipped`];
  return parts.join(separator);
}
