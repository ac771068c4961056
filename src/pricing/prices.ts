/**
 * The one price table. The SDK exposes no prices, so promptgate keeps its own; a model missing
 * here is reported as "no price known", never as $0.
 *
 * Rates are US dollars per million tokens at list price. They are kept per model rather than
 * derived from multipliers (5m write = 1.25x input, 1h write = 2x, read = 0.1x hold for these
 * models) because newer families break the multipliers.
 */
export const PRICES_CHECKED = '2026-11';
export const PRICES_SOURCE = 'https://platform.claude.com/docs/en/about-claude/pricing';
/** Message Batches API: every component (cache writes and reads included) at half price. */
export const BATCH_DISCOUNT = 0.5;

export interface Rates {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface PriceEntry {
  /** The family's alias as the API names it. */
  family: string;
  /** Every other id the API accepts for the family, dated snapshots included. */
  ids: string[];
  rates: Rates;
}

const opus45: Rates = { input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 };
const sonnet4: Rates = { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 };
const haiku45: Rates = { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 };
const opus4: Rates = { input: 15, output: 75, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5 };

export const PRICES: readonly PriceEntry[] = [
  { family: 'claude-opus-4-8', ids: [], rates: opus45 },
  { family: 'claude-opus-4-7', ids: [], rates: opus45 },
  { family: 'claude-opus-4-6', ids: [], rates: opus45 },
  { family: 'claude-opus-4-5', ids: ['claude-opus-4-5-20251101'], rates: opus45 },
  { family: 'claude-sonnet-4-6', ids: [], rates: sonnet4 },
  { family: 'claude-sonnet-4-5', ids: ['claude-sonnet-4-5-20250929'], rates: sonnet4 },
  { family: 'claude-sonnet-4-0', ids: ['claude-sonnet-4', 'claude-sonnet-4-20250514'], rates: sonnet4 },
  { family: 'claude-haiku-4-5', ids: ['claude-haiku-4-5-20251001'], rates: haiku45 },
  { family: 'claude-opus-4-1', ids: ['claude-opus-4-1-20250805'], rates: opus4 },
  { family: 'claude-opus-4-0', ids: ['claude-opus-4', 'claude-opus-4-20250514'], rates: opus4 },
];

const byId = new Map<string, PriceEntry>();
for (const entry of PRICES) for (const id of [entry.family, ...entry.ids]) byId.set(id, entry);

/**
 * The table entry for a model id: exact ids first, then a dated snapshot (`-20251001`, or
 * Vertex's `@20251001`) of a family the table knows. Nothing else: no prefix or fuzzy matching,
 * so an unknown model stays unknown instead of borrowing a neighbour's price.
 */
export function priceFor(model: string): PriceEntry | undefined {
  const exact = byId.get(model);
  if (exact) return exact;
  const undated = /^(.+?)[-@]\d{8}$/.exec(model)?.[1];
  return undated === undefined ? undefined : byId.get(undated);
}
