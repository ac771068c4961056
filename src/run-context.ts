/**
 * Everything a run needs besides its options: directory, environment, price table, keys to redact.
 * Built once per run at its entry; inContext puts them in force for everything the run awaits, so two
 * runs in one process never see each other's.
 */
import { loadPriceTable, withPrices, type PriceTable } from './pricing/price-table.ts';
import { secretsOf, withSecrets } from './redact.ts';
import { withRunDir } from './run-dir.ts';

export type Env = Record<string, string | undefined>;

/** Where a run is and what it may read: the values an entry (the bin, a test, a script) hands in. */
export interface RunContext {
  cwd: string;
  env: Env;
  /** Built once per run from --prices / PROMPTGATE_PRICES; every price of the run comes from it. */
  prices: PriceTable;
  /** The keys redacted from everything the run prints or writes: its env's and any apiKey given. */
  secrets: readonly string[];
}

/** Builds a run's context from what its entry was given; the defaults are the process's, read here at the entry. */
export function runContext(
  given: { cwd?: string | undefined; env?: Env | undefined; prices?: PriceTable | string | undefined; apiKey?: string | undefined } = {},
): RunContext {
  const cwd = given.cwd ?? process.cwd();
  const env = given.env ?? process.env;
  const prices = typeof given.prices === 'object' ? given.prices : loadPriceTable(given.prices ?? (env.PROMPTGATE_PRICES || undefined), cwd);
  return { cwd, env, prices, secrets: secretsOf(env, given.apiKey) };
}

/** Runs `fn` (and all it awaits) with the context's prices and secrets in force. */
export function inContext<T>(context: RunContext, fn: () => T): T {
  return withRunDir(context.cwd, () => withSecrets(context.secrets, () => withPrices(context.prices, fn)));
}
