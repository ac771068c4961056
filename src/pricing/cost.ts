import type { Usage } from '../run-result.ts';
import { BATCH_DISCOUNT, priceFor, type Rates } from './prices.ts';

export type Component = keyof Rates;
export const COMPONENTS: readonly Component[] = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'];

/** A call's tokens split the way they are priced. */
export type TokenCounts = Record<Component, number>;

/**
 * One call's price in US dollars. Components are at list price; `batchDiscount` is what the
 * Batches API takes off them, and `total` is what is charged.
 */
export interface CostBreakdown extends Record<Component, number> {
  model: string;
  /** The price table family the model matched. */
  family: string;
  batch: boolean;
  batchDiscount: number;
  total: number;
}

export function tokenCounts(usage: Usage): TokenCounts {
  const split = usage.cache_creation_5m_input_tokens + usage.cache_creation_1h_input_tokens;
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    // Writes the API did not split by TTL count as 5-minute writes (the default TTL).
    cacheWrite5m: usage.cache_creation_5m_input_tokens + Math.max(0, usage.cache_creation_input_tokens - split),
    cacheWrite1h: usage.cache_creation_1h_input_tokens,
    cacheRead: usage.cache_read_input_tokens,
  };
}

/**
 * What a call costs, or undefined when the model has no known price (never $0).
 * Sums are done in whole nano-dollars ($/MTok x 1000 = n$/token) so totals add up exactly.
 */
export function callCost(model: string, usage: Usage, opts: { batch: boolean }): CostBreakdown | undefined {
  const entry = priceFor(model);
  if (!entry) return undefined;
  const tokens = tokenCounts(usage);
  const nanos = {} as Record<Component, number>;
  let list = 0;
  for (const c of COMPONENTS) {
    nanos[c] = tokens[c] * Math.round(entry.rates[c] * 1000);
    list += nanos[c];
  }
  const discount = opts.batch ? list * BATCH_DISCOUNT : 0;
  return {
    model,
    family: entry.family,
    batch: opts.batch,
    input: nanos.input / 1e9,
    output: nanos.output / 1e9,
    cacheWrite5m: nanos.cacheWrite5m / 1e9,
    cacheWrite1h: nanos.cacheWrite1h / 1e9,
    cacheRead: nanos.cacheRead / 1e9,
    batchDiscount: discount / 1e9,
    total: (list - discount) / 1e9,
  };
}
