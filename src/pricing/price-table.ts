/**
 * A run's price table: the built-in schema/prices.json overlaid by the user's price file (--prices or
 * PROMPTGATE_PRICES). Each run builds its own and prices inside withPrices, so two runs in one process
 * never see each other's rates; outside a run, the built-in table. Never read at start-up.
 *
 * A model missing from it is reported as "no price known", never $0. Rates are looked up at a date
 * (a run is priced at its own start), so `report` on an old run gives the dollars of the day it ran.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { resolveModelId } from '../models/model-id.ts';
import { packageFile } from '../package-root.ts';
import { readPriceFile } from './price-file.ts';
import { withRunDir } from '../run-dir.ts';
import type { GeoPrice, PriceFile, PriceRow, ServerTool, ServerToolPrice } from './rates.ts';

export interface PriceTable {
  /** Each model's rows, oldest first. */
  models: ReadonlyMap<string, readonly PriceRow[]>;
  aliases: ReadonlyMap<string, string>;
  /** Models known to have no price here, with the reason. */
  unpriced: ReadonlyMap<string, string>;
  /** The share the Message Batches API takes off every component. */
  batchDiscount: number;
  serverTools: Partial<Record<ServerTool, ServerToolPrice>>;
  inferenceGeo: ReadonlyMap<string, GeoPrice>;
  /** The page the built-in table comes from, and the latest day a built-in rate was checked. */
  source: string;
  checked: string;
  /** The user's price file, when one is in use. */
  file?: string;
}

export interface Price {
  /** The model id the table prices it as (a dated snapshot or alias resolves to its model). */
  model: string;
  row: PriceRow;
  batchDiscount: number;
}

// The built-in file and table are immutable data, read once per process.
let builtin: PriceFile | undefined;
let builtinTable: PriceTable | undefined;
/** The table of the run whose code is executing (withPrices); deep callers (cost, estimate, reports) read it. */
const runTable = new AsyncLocalStorage<PriceTable>();

function builtinFile(): PriceFile {
  // Checked against the schema by test/pricing, not here: every run would pay for ajv.
  return (builtin ??= JSON.parse(readFileSync(packageFile('schema/prices.json'), 'utf8')) as PriceFile);
}

/**
 * The built-in table overlaid by a user's file (`undefined`: none). Reads and checks the file now,
 * so a bad one stops a run before any call is made (InputError, exit 2). A relative `file` is read
 * from `cwd` and named as given.
 */
export function loadPriceTable(file: string | undefined, cwd?: string): PriceTable {
  if (file === undefined) return (builtinTable ??= build(builtinFile(), undefined));
  // Read as a command starts, before its run is in force: the file opens from `cwd`, named as given.
  return cwd === undefined ? build(builtinFile(), file) : withRunDir(cwd, () => build(builtinFile(), file));
}

/** Runs `fn` (and everything it awaits) priced by `table`. */
export function withPrices<T>(table: PriceTable, fn: () => T): T {
  return runTable.run(table, fn);
}

/** The current run's table, else the built-in one. */
export function priceTable(): PriceTable {
  return runTable.getStore() ?? loadPriceTable(undefined);
}

function build(base: PriceFile, file: string | undefined): PriceTable {
  const user = file === undefined ? undefined : readPriceFile(file, Object.keys(base.models));
  const rows = (entry: PriceRow | PriceRow[]) => [entry].flat();
  const models = new Map(Object.entries(base.models).map(([id, entry]) => [id, rows(entry)]));
  for (const [id, entry] of Object.entries(user?.models ?? {})) models.set(id, rows(entry));
  const checked = Object.values(base.models)
    .flatMap(rows)
    .map((r) => r.checked ?? '')
    .reduce((a, b) => (a > b ? a : b), base.batch?.checked ?? '');
  return {
    models,
    aliases: new Map(Object.entries({ ...base.aliases, ...user?.aliases })),
    unpriced: new Map(Object.entries({ ...base.unpriced, ...user?.unpriced }).filter(([id]) => !models.has(id))),
    batchDiscount: (user?.batch ?? base.batch)?.discount ?? 0.5,
    serverTools: { ...base.serverTools, ...user?.serverTools },
    inferenceGeo: new Map(Object.entries({ ...base.inferenceGeo, ...user?.inferenceGeo })),
    source: base.source ?? '',
    checked,
    ...(file !== undefined ? { file } : {}),
  };
}

/** The UTC day of a moment: the unit effective dates are given in. */
export function priceDay(at: string | Date = new Date()): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new TypeError(`promptgate: cannot price at ${JSON.stringify(at)}: not a date`);
  return date.toISOString().slice(0, 10);
}

let todayUntil = -Infinity;
let todayDay = '';
/** priceDay() of now, formatted once a day: a run prices each call without a start several times. */
function today(): string {
  const now = Date.now();
  if (now >= todayUntil || now < todayUntil - 86_400_000) {
    todayDay = priceDay(new Date(now));
    todayUntil = (Math.floor(now / 86_400_000) + 1) * 86_400_000;
  }
  return todayDay;
}

/**
 * Prices found, per table, by model and the run's start: a cost report prices each call ~5 times
 * (total, role, model, suite, case), and a large run spent much of its time finding the same price.
 */
const found = new WeakMap<PriceTable, Map<string, Map<string, Price | undefined>>>();

/** A model's rates on a day (default: today), or undefined when none is known for that day. */
export function priceFor(model: string, at?: string | Date): Price | undefined {
  const t = priceTable();
  // A given start is remembered as given; otherwise by the day it is, since "today" moves. Maps by
  // when, then model, not one joined key: a string built per call would be hashed per call.
  const when = typeof at === 'string' ? at : at === undefined ? today() : priceDay(at);
  let byWhen = found.get(t);
  if (!byWhen) found.set(t, (byWhen = new Map()));
  let byModel = byWhen.get(when);
  if (!byModel) byWhen.set(when, (byModel = new Map()));
  if (byModel.has(model)) return byModel.get(model);
  const day = priceDay(at);
  const id = resolveModelId(model, (m) => t.models.has(m), t.aliases);
  const row = id === undefined ? undefined : t.models.get(id)!.findLast((r) => r.from === undefined || r.from <= day);
  const price = row && { model: id!, row, batchDiscount: t.batchDiscount };
  byModel.set(model, price);
  return price;
}

/**
 * The shortest prompt prefix `model` caches, in tokens, from the built-in table (a user's price file
 * is not read for it: suites load with it, and `validate` reads no price file). Below it a
 * `cache_control` (or automatic caching) writes nothing. A model not listed gets the smallest
 * minimum listed: for a spend cap, a minimum too low is safe and one too high is not.
 */
export function minCacheablePrefix(model: string): number {
  let tokens = cacheMinimums.get(model);
  if (tokens === undefined) cacheMinimums.set(model, (tokens = findCacheMinimum(model)));
  return tokens;
}

/** By model: a suite asks once a case, the runner once a call, of a table that does not change. */
const cacheMinimums = new Map<string, number>();

function findCacheMinimum(model: string): number {
  const minimums = builtinFile().cacheMinimum ?? {};
  const id = resolveModelId(model, (m) => minimums[m] !== undefined, new Map(Object.entries(builtinFile().aliases ?? {})));
  if (id !== undefined) return minimums[id]!.tokens;
  const listed = Object.values(minimums).map((m) => m.tokens);
  return listed.length ? Math.min(...listed) : 0;
}

/** Why a model has no price, when the table says (see the `unpriced` list in schema/prices.json). */
export function unpricedReason(model: string): string | undefined {
  const t = priceTable();
  const id = resolveModelId(model, (m) => t.unpriced.has(m), t.aliases);
  return id === undefined ? undefined : t.unpriced.get(id);
}

/** What a report says about its prices: the day priced at, when the table was checked, where from. */
export interface PricesUsed {
  at: string;
  checked: string;
  source: string;
  file?: string;
}

export function pricesUsed(at: string | Date): PricesUsed {
  const t = priceTable();
  return { at: priceDay(at), checked: t.checked, source: t.source, ...(t.file !== undefined ? { file: t.file } : {}) };
}
