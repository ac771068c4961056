import type { Usage } from '../run-result.ts';
import { priceFor, priceTable } from './price-table.ts';
import { SERVER_TOOLS, type Component, type Rates, type PriceRow, type ServerTool } from './rates.ts';

export { COMPONENTS, SERVER_TOOLS, type Component, type ServerTool } from './rates.ts';

/** A call's tokens split the way they are priced. */
export type TokenCounts = Record<Component, number>;

/**
 * One call's price in US dollars. Components are at list price; `batchDiscount` is what the
 * Batches API takes off them, and `total` is what is charged.
 */
export interface CostBreakdown extends Record<Component, number> {
  model: string;
  /** The price table's id the model matched (a dated snapshot or alias matches its model). */
  family: string;
  /** The day the rates used took effect, for a model whose rates changed over time. */
  ratesFrom?: string;
  /** The prompt-length band the call was priced at, when its prompt was over a tier's threshold. */
  promptTokensOver?: number;
  batch: boolean;
  batchDiscount: number;
  /** What `inference_geo` adds on top of the tokens (US-only inference: 10%). */
  geoSurcharge: number;
  /** Server tools' fees (web search per 1,000 searches), on top of their tokens. */
  serverTools: number;
  /** Fast mode: the tokens were priced at the model's fast rates. */
  fast?: true;
  total: number;
}

/** How many uses of each priced server tool `usage.server_tool_use` reports. */
export function serverToolUses(usage: Usage): Record<ServerTool, number> {
  const uses = usage.server_tool_use;
  return { web_search_requests: uses?.web_search_requests ?? 0, web_fetch_requests: uses?.web_fetch_requests ?? 0 };
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
 * The band a request is priced at: a tier applies to every token of a request whose prompt (input,
 * cache reads and cache writes; not output) is over its threshold, so a request is priced from its
 * own usage, never from totals.
 */
function bandFor(row: PriceRow, tokens: TokenCounts): { rates: Rates; promptTokensOver?: number } {
  const prompt = tokens.input + tokens.cacheRead + tokens.cacheWrite5m + tokens.cacheWrite1h;
  const tier = row.tiers?.findLast((t) => prompt > t.promptTokensOver);
  return tier ? { rates: tier, promptTokensOver: tier.promptTokensOver } : { rates: row };
}

/**
 * What a call costs, or undefined when the model has no known price (never $0). Priced at the
 * rates in effect on `at` (a run's start; default now), so a saved run re-prices the same later.
 * Sums are done in whole nano-dollars ($/MTok x 1000 = n$/token) so totals add up exactly.
 */
export function callCost(model: string, usage: Usage, opts: { batch: boolean; at?: string | undefined }): CostBreakdown | undefined {
  const price = priceFor(model, opts.at);
  if (!price) return undefined;
  const table = priceTable();
  // Fast mode and a paid inference_geo have their own rates; where the table has none, no price (never the standard one).
  const fast = usage.speed === 'fast';
  const row = fast ? price.row.fast : price.row;
  if (!row) return undefined;
  const geo = usage.inference_geo && usage.inference_geo !== 'global' ? table.inferenceGeo.get(usage.inference_geo) : undefined;
  if (usage.inference_geo && usage.inference_geo !== 'global' && !geo) return undefined;
  // Loops and locals, not some/reduce with closures or objects per figure: every replayed call is
  // priced, and a report prices each again. A fee per use, not per token: $10 per 1,000 searches is
  // 10^7 nano-dollars a search.
  const uses = usage.server_tool_use;
  let toolNanos = 0;
  for (const t of SERVER_TOOLS) {
    const n = uses?.[t] ?? 0;
    if (n > 0 && !table.serverTools[t]) return undefined;
    toolNanos += n * Math.round((table.serverTools[t]?.usdPer1000 ?? 0) * 1e6);
  }
  const tokens = tokenCounts(usage);
  const { rates, promptTokensOver } = bandFor(row, tokens);
  const input = tokens.input * Math.round(rates.input * 1000);
  const output = tokens.output * Math.round(rates.output * 1000);
  const cacheWrite5m = tokens.cacheWrite5m * Math.round(rates.cacheWrite5m * 1000);
  const cacheWrite1h = tokens.cacheWrite1h * Math.round(rates.cacheWrite1h * 1000);
  const cacheRead = tokens.cacheRead * Math.round(rates.cacheRead * 1000);
  const list = input + output + cacheWrite5m + cacheWrite1h + cacheRead;
  // The Batches API charges all usage at half price, cache writes and reads included (schema/prices.json, batch).
  const discount = opts.batch ? list * price.batchDiscount : 0;
  const surcharge = geo ? Math.round((list - discount) * (geo.multiplier - 1)) : 0;
  // Built in this order (the optional fields after model and family), without a spread per field.
  const cost: Partial<CostBreakdown> = { model, family: price.model };
  if (price.row.from !== undefined) cost.ratesFrom = price.row.from;
  if (promptTokensOver !== undefined) cost.promptTokensOver = promptTokensOver;
  if (fast) cost.fast = true;
  cost.batch = opts.batch;
  cost.input = input / 1e9;
  cost.output = output / 1e9;
  cost.cacheWrite5m = cacheWrite5m / 1e9;
  cost.cacheWrite1h = cacheWrite1h / 1e9;
  cost.cacheRead = cacheRead / 1e9;
  cost.batchDiscount = discount / 1e9;
  cost.geoSurcharge = surcharge / 1e9;
  cost.serverTools = toolNanos / 1e9;
  cost.total = (list - discount + surcharge + toolNanos) / 1e9;
  return cost as CostBreakdown;
}
