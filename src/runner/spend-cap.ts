/**
 * The spend cap before a run: estimate, refuse when the estimate alone passes a cap (bad input,
 * exit 2, no money spent), else hand the runner what each sample may cost at worst.
 */
import { InputError } from '../input-error.ts';
import { noPriceKnown } from '../pricing/no-price.ts';
import type { Suite } from '../suite/types.ts';
import { formatUsd } from '../format/usd.ts';
import { estimatePlan, type CostEstimate, type EstimateSources } from './cost-estimate.ts';
import { plan, type PlanOptions } from './plan.ts';
import { requestBytes } from './worst-case.ts';
import type { RunOptions } from './run.ts';
import { OPTION_NAMES } from './selection-guards.ts';

export interface SpendCap {
  budget: NonNullable<RunOptions['budget']>;
  estimate: CostEstimate;
}

/**
 * Undefined, with no estimate made, when nothing is capped or the run's calls cost nothing (no
 * `sources`: replay); undefined too when `signal` ends the estimate, as the runner then sends nothing.
 */
export async function checkSpendCap(
  suites: Suite[],
  options: PlanOptions & { maxCostUsd?: number | undefined },
  sources: EstimateSources | undefined,
  signal?: AbortSignal,
): Promise<SpendCap | undefined> {
  const capped = suites.filter((s) => s.maxCostUsd !== undefined);
  if (!sources || (options.maxCostUsd === undefined && capped.length === 0)) return undefined;
  let estimate: CostEstimate;
  try {
    estimate = await estimatePlan(plan(suites, options), sources, signal);
  } catch (error) {
    if (signal?.aborted) return undefined;
    throw error;
  }
  if (estimate.unpriced.length > 0) {
    throw new InputError(`cannot hold a spend cap: ${noPriceKnown(estimate.unpriced)}`);
  }
  const names = options.names ?? OPTION_NAMES;
  const over: string[] = [];
  const how = 'input by count_tokens, output by recorded usage or max_tokens, at the dearest rates the API may bill (docs/pricing.md)';
  if (options.maxCostUsd !== undefined && estimate.totalUsd > options.maxCostUsd) {
    over.push(`estimated cost ${formatUsd(estimate.totalUsd)} (${how}) exceeds ${names.maxCost} ${formatUsd(options.maxCostUsd)}`);
  }
  for (const s of capped) {
    const cost = estimate.bySuite.get(s.name) ?? 0;
    if (cost > s.maxCostUsd!) over.push(`suite ${s.name}: estimated cost ${formatUsd(cost)} (${how}) exceeds its max_cost_usd ${formatUsd(s.maxCostUsd!)}`);
  }
  if (over.length > 0) {
    throw new InputError([
      ...over.map((message) => ({
        message: `${message}. Nothing was sent. Raise the cap, lower max_tokens, or run fewer cases (${names.filter}, ${names.tag}, ${names.shard}).`,
      })),
      // How the estimate bounded what it could not count (a server tool with no max_uses, a count not trusted).
      ...estimate.notes.map((note) => ({ message: `estimate: ${note}` })),
    ]);
  }
  return {
    estimate,
    budget: {
      ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
      worstCaseUsd: (c) => estimate.worstPerSample.get(c) ?? 0,
      // The estimate's worst case is for the request as planned; a longer one (a pause_turn continuation
      // sends the paused turn back) falls back to the runner's bytes rule, reserved on its own.
      worstCall: (c, call) => {
        const planned = estimate.worstPerCall.get(c)?.[call.role === 'case' ? 0 : call.index];
        return planned && requestBytes(call.params) <= planned.bytes ? planned : undefined;
      },
    },
  };
}
