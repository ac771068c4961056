/**
 * The shape of a price file (schema/prices.schema.json): the built-in table, schema/prices.json, and
 * a user's --prices file alike. Rates are US dollars per million tokens, explicit per model: since
 * 2026 cache reads cost 0.1x, 0.05x or 0.025x of input depending on the model, so no multiplier is
 * assumed anywhere.
 */

/** The five ways a token is priced, in the order reports show them. */
export const COMPONENTS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;
export type Component = (typeof COMPONENTS)[number];

export type Rates = Record<Component, number>;

/** A higher band for long prompts: every token of a request whose prompt is over the threshold. */
export interface Tier extends Rates {
  promptTokensOver: number;
}

export interface PriceRow extends Rates {
  /** The UTC day the row takes effect; absent on a model's first row. */
  from?: string;
  tiers?: Tier[];
  source?: string;
  checked?: string;
  note?: string;
}

export interface PriceFile {
  $schema?: string;
  source?: string;
  batch?: { discount: number; source?: string; checked?: string; note?: string };
  models: Record<string, PriceRow | PriceRow[]>;
  aliases?: Record<string, string>;
  unpriced?: Record<string, string>;
}
