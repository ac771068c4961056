/** Sums of calls' tokens and dollars: the numbers behind every cost table. */
import { COMPONENTS, SERVER_TOOLS, callCost, serverToolUses, tokenCounts, type Component, type ServerTool, type TokenCounts } from '../src/pricing/cost.ts';
import type { CallRecord } from '../src/run-result.ts';

export interface Usd extends Record<Component, number> {
  batchDiscount: number;
  geoSurcharge: number;
  serverTools: number;
  total: number;
}

export interface Tally {
  calls: number;
  tokens: TokenCounts;
  /** Server tool uses (usage.server_tool_use): each web search has a fee on top of its tokens. */
  serverToolUses: Record<ServerTool, number>;
  /** Dollars over the calls whose model has a price; null when none has (never $0 for unknown). */
  usd: Usd | null;
  /** Calls left out of `usd` because their model is missing from the price table. */
  unpriced: { calls: number; models: string[] };
}

type Nanos = Record<keyof Usd, number>;

/** Adds calls up in whole nano-dollars so a table's rows sum exactly to its total. */
export class TallyBuilder {
  /** The day the calls are priced at: the run's start, so a saved run re-prices the same. */
  readonly at: string | undefined;
  constructor(at?: string) {
    this.at = at;
  }
  calls = 0;
  priced = 0;
  tokens: TokenCounts = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };
  uses: Record<ServerTool, number> = { web_search_requests: 0, web_fetch_requests: 0 };
  nanos: Nanos = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, batchDiscount: 0, geoSurcharge: 0, serverTools: 0, total: 0 };
  unpricedCalls = 0;
  unpricedModels = new Set<string>();

  add(call: CallRecord): this {
    this.calls++;
    const tokens = tokenCounts(call.usage);
    for (const c of COMPONENTS) this.tokens[c] += tokens[c];
    const uses = serverToolUses(call.usage);
    for (const t of SERVER_TOOLS) this.uses[t] += uses[t];
    const cost = costOf(call, this.at);
    if (!cost) {
      this.unpricedCalls++;
      this.unpricedModels.add(call.model);
      return this;
    }
    this.priced++;
    for (const k of Object.keys(this.nanos) as (keyof Usd)[]) this.nanos[k] += Math.round(cost[k] * 1e9);
    return this;
  }

  addAll(calls: Iterable<CallRecord>): this {
    for (const call of calls) this.add(call);
    return this;
  }

  build(): Tally {
    let usd: Usd | null = null;
    if (this.priced > 0 || this.calls === 0) {
      usd = {} as Usd;
      for (const k of Object.keys(this.nanos) as (keyof Usd)[]) usd[k] = this.nanos[k] / 1e9;
    }
    return {
      calls: this.calls,
      tokens: { ...this.tokens },
      serverToolUses: { ...this.uses },
      usd,
      unpriced: { calls: this.unpricedCalls, models: [...this.unpricedModels].sort() },
    };
  }
}

/** Each call's cost, per day priced at: a cost report adds every call to ~5 tallies (total, role, model, suite, case). */
const costs = new WeakMap<CallRecord, Map<string | undefined, ReturnType<typeof callCost>>>();

function costOf(call: CallRecord, at: string | undefined): ReturnType<typeof callCost> {
  let byDay = costs.get(call);
  if (!byDay) costs.set(call, (byDay = new Map()));
  if (!byDay.has(at)) byDay.set(at, callCost(call.model, call.usage, { batch: call.batch, at }));
  return byDay.get(at);
}

export function tally(calls: Iterable<CallRecord>, at?: string): Tally {
  return new TallyBuilder(at).addAll(calls).build();
}
