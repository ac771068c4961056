import { callCost } from '../pricing/cost.ts';
import { passRateOf, totals, type CaseResult, type RunResult, type Totals } from '../run-result.ts';

/** What compare and the composite action's outputs read off a set of cases. */
export interface Stats extends Totals {
  /** passed / cases that ran (see passRateOf); absent when none ran. */
  passRate?: number;
  /** Dollars for every call (cases and graders) whose model has a known price. */
  costUsd: number;
  /** Models with calls but no known price: costUsd leaves them out, and says so. */
  unpriced: string[];
  /** Latency of the cases' own calls (graders excluded: they are not what users wait for). */
  latency: { calls: number; p50?: number | undefined; p95?: number | undefined };
}

export function caseStats(cases: CaseResult[], at?: string): Stats {
  const t = totals({ suites: [{ file: '', name: '', digest: '', cases }] });
  const passRate = passRateOf(t);
  let costUsd = 0;
  const unpriced = new Set<string>();
  const latencies: number[] = [];
  for (const c of cases) {
    for (const sample of c.samples) {
      for (const call of sample.calls) {
        const cost = callCost(call.model, call.usage, { batch: call.batch, at });
        if (cost) costUsd += cost.total;
        else unpriced.add(call.model);
        if (call.role === 'case') latencies.push(call.latencyMs);
      }
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    ...t,
    ...(passRate !== undefined && { passRate }),
    costUsd,
    unpriced: [...unpriced].sort(),
    latency: { calls: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
  };
}

export function runStats(result: RunResult): Stats {
  return caseStats(
    result.suites.flatMap((s) => s.cases),
    result.startedAt,
  );
}

/** Nearest-rank percentile of sorted values: always a value that was measured. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
