/**
 * Reading a price file (a user's --prices or PROMPTGATE_PRICES file, JSON or YAML), checked against
 * schema/prices.schema.json and then for what a schema cannot say (rows oldest first, tiers in
 * order, rates a nano-dollar can hold), every problem at its `file:line:col`.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { InputError, type Diagnostic } from '../input-error.ts';
import { jsonTree, placeAt, parseJsonText, syntaxProblem } from '../json-text.ts';
import type { Place } from '../text-place.ts';
import { violationsOf } from '../shipped-schema.ts';
import { hint } from '../suite/did-you-mean.ts';
import { Locator } from '../suite/locate.ts';
import { readTextSourceSync, type TextFileKind } from '../read-text.ts';
import { MAX_DEPTH, yamlHazards } from '../yaml-hazards.ts';
import { yaml } from '../yaml-lib.ts';
import { COMPONENTS, type PriceFile, type PriceRow } from './rates.ts';

type Path = (string | number)[];
/** Where the value at a path starts (or, with `key`, the key naming it). */
type Where = (path: Path, key?: boolean) => Partial<Place>;

const PRICE_FILE: TextFileKind = {
  noun: 'a price file (--prices / PROMPTGATE_PRICES)',
  tooBig: (limit) => `a price file may be at most ${limit}`,
  notText: 'a price file is JSON or YAML',
  missing: 'no such price file (--prices / PROMPTGATE_PRICES)',
};

/** Reads and checks a price file; `known` are the model ids its aliases may point at besides its own. */
export function readPriceFile(file: string, known: Iterable<string> = []): PriceFile {
  const read = readTextSourceSync(file, PRICE_FILE);
  if ('problem' in read) throw new InputError(read.problem);
  return parsePriceFile(file, read.source, known);
}

export function parsePriceFile(file: string, text: string, known: Iterable<string> = []): PriceFile {
  text = text.replace(/^\uFEFF/, '');
  const { data, where } = /\.json$/i.test(file) ? parseJson(file, text) : parseYaml(file, text);
  const errors = violationsOf('prices.schema.json', data);
  const problems = errors.length ? shapeProblems(errors, where) : meaningProblems(data as PriceFile, where, new Set(known));
  if (problems.length)
    throw new InputError(
      problems
        .slice(0, 10)
        .map((p) => ({ file, ...p }))
        .concat(problems.length > 10 ? [{ file, message: `and ${problems.length - 10} more problems` }] : []),
    );
  return data as PriceFile;
}

function parseJson(file: string, text: string): { data: unknown; where: Where } {
  const json = parseJsonText(text, MAX_DEPTH);
  if ('deep' in json) throw new InputError({ file, ...json.deep, message: `nested more than ${MAX_DEPTH} levels deep; a price file never needs that many` });
  if ('invalid' in json) {
    const { problem, ...at } = syntaxProblem(text);
    throw new InputError({ file, ...at, message: `not valid JSON (${problem}); expected a price file (see docs/pricing.md)` });
  }
  const data = json.value;
  let tree: ReturnType<typeof jsonTree> | null = null;
  return { data, where: (path) => placeAt(text, (tree ??= jsonTree(text)), path) ?? {} };
}

function parseYaml(file: string, text: string): { data: unknown; where: Where } {
  const doc = yaml().parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  const locator = new Locator(file, text, { doc });
  // The suite reader's bounds (depth, alias bombs), placed the same way; a parser out of stack is one of them.
  const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  const hazard = exhausted || doc.errors.length === 0 ? yamlHazards(doc, 'a price file')[0] : undefined;
  if (hazard) throw new InputError({ ...locator.at(hazard.offset), message: hazard.message });
  if (exhausted) throw new InputError({ ...locator.at(exhausted.pos[0]), message: 'nested too deeply to read' });
  const syntax = doc.errors[0];
  if (syntax)
    throw new InputError({
      ...locator.at(syntax.pos[0]),
      message: `YAML syntax: ${syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    });
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    throw new InputError({ ...locator.at(0), message: `YAML: ${(e as Error).message.split('\n')[0]}` });
  }
  return { data, where: (path, key) => locator.loc(path, { key }) };
}

/** `models.claude-sonnet-5-5[1].from`, as a reader of the file would name the place. */
function placeName(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('') || 'the price file';
}

function shapeProblems(errors: ErrorObject[], where: Where): Omit<Diagnostic, 'file'>[] {
  const out: Omit<Diagnostic, 'file'>[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // A failed `if` is reported by its branch; a bad model id by its propertyNames error, not the pattern under it.
    if (e.keyword === 'if' || e.propertyName !== undefined) continue;
    const path: Path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    // A model id shows up as a key: propertyNames errors name it in params, not in the path.
    const named =
      e.keyword === 'propertyNames' ? String(e.params.propertyName) : e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
    const key = `${e.instancePath}|${named ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...where(named !== undefined ? [...path, named] : path, named !== undefined), message: sentence(e, path, named) });
  }
  return out;
}

function sentence(e: ErrorObject, path: Path, named: string | undefined): string {
  const at = placeName(path);
  // 1e999 and .inf parse as Infinity, which JSON.stringify would show as null.
  const got = (typeof e.data === 'number' ? String(e.data) : JSON.stringify(e.data))?.slice(0, 60);
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `unknown key '${named}' in ${at}${hint(named!, known)}; expected one of: ${known.join(', ')}`;
    }
    case 'propertyNames':
      return `'${named}' in ${at} is not a model id (letters, digits, '.', '_', ':', '@', '/' and '-')`;
    case 'required':
      return `${at} is missing '${e.params.missingProperty}'${COMPONENTS.includes(e.params.missingProperty as never) ? `: every row gives all five rates (${COMPONENTS.join(', ')}), as prices differ by model` : ''}`;
    case 'type':
      return `${at} must be ${/^[aeiou]/.test(String(e.params.type)) ? 'an' : 'a'} ${e.params.type}, got ${got}`;
    case 'pattern':
    case 'format':
      return `${at} ${got} ${(e.parentSchema as { patternHint?: string } | undefined)?.patternHint ?? `must match format "${e.params.format ?? e.params.pattern}"`}`;
    default:
      return `${at} ${e.message ?? 'is not valid'}, got ${got}`;
  }
}

/** A nano-dollar a token is $0.001/MTok: the step promptgate sums money in (see cost.ts). */
function finerThanNano(rate: number): boolean {
  return Math.abs(rate * 1000 - Math.round(rate * 1000)) > 1e-6;
}

function meaningProblems(data: PriceFile, where: Where, known: Set<string>): Omit<Diagnostic, 'file'>[] {
  const out: Omit<Diagnostic, 'file'>[] = [];
  const problem = (path: Path, message: string) => out.push({ ...where(path), message: `${placeName(path)} ${message}` });
  const checkRates = (rates: Record<string, unknown>, path: Path) => {
    for (const c of COMPONENTS) {
      const rate = rates[c] as number;
      if (finerThanNano(rate)) problem([...path, c], `${rate} is finer than $0.001/MTok (a nano-dollar a token), the step promptgate prices in`);
    }
  };
  const checkRow = (row: PriceRow, path: Path) => {
    checkRates(row as unknown as Record<string, unknown>, path);
    (row.tiers ?? []).forEach((tier, i) => {
      checkRates(tier as unknown as Record<string, unknown>, [...path, 'tiers', i]);
      const before = row.tiers![i - 1];
      if (before && tier.promptTokensOver <= before.promptTokensOver) {
        problem([...path, 'tiers', i, 'promptTokensOver'], `must be above the tier before it (${before.promptTokensOver}): list tiers shortest prompt first`);
      }
    });
  };
  for (const [model, entry] of Object.entries(data.models)) {
    if (!Array.isArray(entry)) checkRow(entry, ['models', model]);
    else {
      entry.forEach((row, i) => {
        const path = ['models', model, i];
        checkRow(row, path);
        const before = entry[i - 1];
        if (before && row.from === undefined) problem(path, `needs a 'from' date: only a model's first row may leave it out`);
        else if (before?.from !== undefined && row.from! <= before.from)
          problem([...path, 'from'], `${row.from} is not after the row before it (${before.from}): list rows oldest first`);
      });
    }
    // Whether one row or several.
    if (data.unpriced && Object.hasOwn(data.unpriced, model)) problem(['unpriced', model], `is priced under models too; keep one`);
  }
  for (const [alias, target] of Object.entries(data.aliases ?? {})) {
    // Own keys only: an alias naming `toString` must not find Object.prototype's.
    if (!Object.hasOwn(data.models, target) && !known.has(target))
      problem(['aliases', alias], `points at ${target}, which has no price${hint(target, [...Object.keys(data.models), ...known])}`);
  }
  return out;
}
