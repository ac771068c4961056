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
  /** Made at the first unpriced call: a report builds two tallies a case, and most have none. */
  unpricedModels: Set<string> | undefined;

  add(call: CallRecord): this {
    this.calls++;
    const { tokens, uses, nanos } = figuresOf(call, this.at);
    for (const c of COMPONENTS) this.tokens[c] += tokens[c];
    for (const t of SERVER_TOOLS) this.uses[t] += uses[t];
    if (!nanos) {
      this.unpricedCalls++;
      (this.unpricedModels ??= new Set()).add(call.model);
      return this;
    }
    this.priced++;
    this.addNanos(nanos);
    return this;
  }

  /**
   * Adds what `other` holds, as if its calls were added here one by one: every sum is in whole units,
   * so it is the same sum. A report adds each call once and builds its wider tallies from narrower ones.
   */
  merge(other: TallyBuilder): this {
    this.calls += other.calls;
    this.priced += other.priced;
    for (const c of COMPONENTS) this.tokens[c] += other.tokens[c];
    for (const t of SERVER_TOOLS) this.uses[t] += other.uses[t];
    this.addNanos(other.nanos);
    this.unpricedCalls += other.unpricedCalls;
    for (const model of other.unpricedModels ?? []) (this.unpricedModels ??= new Set()).add(model);
    return this;
  }

  private addNanos(more: Nanos): void {
    // Field by field, not a loop over keys: a cost report adds every call to several tallies.
    const n = this.nanos;
    n.input += more.input;
    n.output += more.output;
    n.cacheWrite5m += more.cacheWrite5m;
    n.cacheWrite1h += more.cacheWrite1h;
    n.cacheRead += more.cacheRead;
    n.batchDiscount += more.batchDiscount;
    n.geoSurcharge += more.geoSurcharge;
    n.serverTools += more.serverTools;
    n.total += more.total;
  }

  addAll(calls: Iterable<CallRecord>): this {
    for (const call of calls) this.add(call);
    return this;
  }

  build(): Tally {
    const n = this.nanos;
    const usd: Usd | null =
      this.priced > 0 || this.calls === 0
        ? {
            input: n.input / 1e9,
            output: n.output / 1e9,
            cacheWrite5m: n.cacheWrite5m / 1e9,
            cacheWrite1h: n.cacheWrite1h / 1e9,
            cacheRead: n.cacheRead / 1e9,
            batchDiscount: n.batchDiscount / 1e9,
            geoSurcharge: n.geoSurcharge / 1e9,
            serverTools: n.serverTools / 1e9,
            total: n.total / 1e9,
          }
        : null;
    return {
      calls: this.calls,
      tokens: { ...this.tokens },
      serverToolUses: { ...this.uses },
      usd,
      unpriced: { calls: this.unpricedCalls, models: this.unpricedModels ? [...this.unpricedModels].sort() : [] },
    };
  }
}

/** What one call adds to a tally: its tokens, server tool uses and, when its model has a price, its nano-dollars. */
interface Figures {
  tokens: TokenCounts;
  uses: Record<ServerTool, number>;
  nanos: Nanos | undefined;
}

/**
 * Each call's figures, per day priced at: a report may add a call to several tallies (the cost
 * report's rows, JUnit's per-case cost). By day first: a run prices at one, so a call costs one entry,
 * not a map of its own.
 */
const figures = new Map<string | undefined, WeakMap<CallRecord, Figures>>();

function figuresOf(call: CallRecord, at: string | undefined): Figures {
  let byCall = figures.get(at);
  if (!byCall) figures.set(at, (byCall = new WeakMap()));
  let found = byCall.get(call);
  if (!found) byCall.set(call, (found = figuresOfCall(call, at)));
  return found;
}

function figuresOfCall(call: CallRecord, at: string | undefined): Figures {
  const cost = callCost(call.model, call.usage, { batch: call.batch, at });
  const nanos = cost && {
    input: Math.round(cost.input * 1e9),
    output: Math.round(cost.output * 1e9),
    cacheWrite5m: Math.round(cost.cacheWrite5m * 1e9),
    cacheWrite1h: Math.round(cost.cacheWrite1h * 1e9),
    cacheRead: Math.round(cost.cacheRead * 1e9),
    batchDiscount: Math.round(cost.batchDiscount * 1e9),
    geoSurcharge: Math.round(cost.geoSurcharge * 1e9),
    serverTools: Math.round(cost.serverTools * 1e9),
    total: Math.round(cost.total * 1e9),
  };
  return { tokens: tokenCounts(call.usage), uses: serverToolUses(call.usage), nanos };
}

export function tally(calls: Iterable<CallRecord>, at?: string): Tally {
  return new TallyBuilder(at).addAll(calls).build();
}
