/**
 * The shape of a price file (schema/prices.schema.json): the built-in table, schema/prices.json, and
 * a user's --prices file alike. Rates are US dollars per million tokens, explicit per model: cache
 * rates differ by model, so no multiplier is assumed anywhere.
 */

/** The five ways a token is priced, in the order reports show them. */
export const COMPONENTS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;
export type Component = (typeof COMPONENTS)[number];

export type Rates = Record<Component, number>;

/** A higher band for long prompts: every token of a request whose prompt is over the threshold. */
export interface Tier extends Rates {
  promptTokensOver: number;
}

/** Where a figure was read, and whether only third parties (not Anthropic's own pages) give it. */
export interface Provenance {
  source?: string;
  checked?: string;
  note?: string;
  /** The rates of this entry that only third parties give (no primary page seen). */
  thirdParty?: string[];
}

export interface PriceRow extends Rates, Provenance {
  /** The UTC day the row takes effect; absent on a model's first row. */
  from?: string;
  tiers?: Tier[];
  /** Fast mode (`speed: fast`): its own rates, written out. A fast call of a model without them has no price. */
  fast?: Rates & Provenance;
}

/** The counters of `usage.server_tool_use` (Anthropic.ServerToolUsage) that a price applies to. */
export const SERVER_TOOLS = ['web_search_requests', 'web_fetch_requests'] as const;
export type ServerTool = (typeof SERVER_TOOLS)[number];

/** A server tool's fee on top of tokens, per 1,000 uses (0 where only its tokens are billed). */
export interface ServerToolPrice extends Provenance {
  usdPer1000: number;
}

/** An `inference_geo` that costs more: its share on top of every token rate. */
export interface GeoPrice extends Provenance {
  multiplier: number;
  /** Models that answer this geography with a 400: never billed for it. */
  refusedBy?: string[];
}

/** The shortest prefix a model caches: below it a `cache_control` writes nothing. */
export interface CacheMinimum extends Provenance {
  tokens: number;
}

export interface PriceFile {
  $schema?: string;
  source?: string;
  batch?: { discount: number; source?: string; checked?: string; note?: string };
  models: Record<string, PriceRow | PriceRow[]>;
  aliases?: Record<string, string>;
  unpriced?: Record<string, string>;
  serverTools?: Partial<Record<ServerTool, ServerToolPrice>>;
  /** Keyed by the value of `usage.inference_geo`; one not listed (and not "global") has no price. */
  inferenceGeo?: Record<string, GeoPrice>;
  cacheMinimum?: Record<string, CacheMinimum>;
}
