/**
 * JSON exports: the Console's test cases (`expected` objects) and cookbook-style lists with
 * `golden_answer`. A top-level object is accepted only as an envelope that carries the prompt.
 */
import { consoleExpectationToAssertions } from '../assertions/console-vocabulary.ts';
import { InputError } from '../input-error.ts';
import { columnRole } from './columns.ts';
import { goldenAssertions } from './golden.ts';
import { elementPlaces, parseJsonText, syntaxProblem } from '../json-text.ts';
import { MAX_DEPTH } from '../yaml-hazards.ts';
import { placesOf } from '../text-place.ts';
import type { ExportRow, ParsedExport, VarValue } from './types.ts';

const LIST_KEYS = ['test_cases', 'cases', 'tests', 'examples', 'data'];
const PROMPT_KEYS = ['prompt', 'prompt_template', 'template', 'user_prompt'];
const SYSTEM_KEYS = ['system', 'system_prompt'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `text` has no BOM and LF line ends (see readExport). */
export function readJson(file: string, text: string): ParsedExport {
  const data = parseJson(file, text);
  const start = placesOf(text, [text.search(/\S/)])[0]!;
  let list: unknown[];
  let listKey: string | undefined;
  const envelope: Pick<ParsedExport, 'prompt' | 'system' | 'tools'> = {};
  if (Array.isArray(data)) list = data;
  else if (data && typeof data === 'object' && (listKey = LIST_KEYS.find((k) => Array.isArray((data as Record<string, unknown>)[k])))) {
    const obj = data as Record<string, unknown>;
    list = obj[listKey] as unknown[];
    envelope.prompt = stringAt(file, start, obj, PROMPT_KEYS);
    envelope.system = stringAt(file, start, obj, SYSTEM_KEYS);
    if (obj.tools !== undefined) {
      if (!Array.isArray(obj.tools)) throw new InputError({ file, ...start, message: "'tools' in the export must be a list of tool definitions" });
      envelope.tools = obj.tools;
    }
  } else {
    const what = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
    throw new InputError({
      file,
      ...start,
      message: `the JSON export is ${what}, not a list of test cases; expected [ { "name": ..., "expected": {...} }, ... ]${what === 'an object' ? ` or an object with one of ${LIST_KEYS.join(', ')} holding that list` : ''}`,
    });
  }
  if (!list.length) throw new InputError({ file, ...start, message: 'the JSON export has no test cases (the list is empty)' });

  const places = elementPlaces(text, listKey ? [listKey] : []);
  const variables = new Set<string>();
  const extras = new Set<string>();
  const ignored = new Set<string>();
  let consoleStyle = false;
  let golden = false;
  const rows = list.map((item, r): ExportRow => {
    const at = places[r] ?? start;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new InputError({
        file,
        ...at,
        message: `case ${r + 1} is ${Array.isArray(item) ? 'a list' : item === null ? 'null' : `a ${typeof item}`}, not an object with the case's variables and expectations`,
      });
    }
    const row: ExportRow = { index: r + 1, ...at, values: new Map(), assert: [], todos: [] };
    for (const [key, value] of Object.entries(item)) {
      const role = columnRole(key);
      if (role.role === 'name') {
        if (row.name === undefined && (typeof value === 'string' || typeof value === 'number') && String(value).trim()) row.name = String(value).trim();
      } else if (key === 'expected' && value && typeof value === 'object' && !Array.isArray(value)) {
        consoleStyle = true;
        const mapped = consoleExpectationToAssertions(value as Record<string, unknown>);
        row.assert.push(...mapped.assert);
        for (const [k, v] of Object.entries(mapped.unknown)) row.todos.push({ key: `expected.${k}`, value: v });
        for (const bad of mapped.invalid) row.todos.push({ key: `expected.${bad.key}`, value: bad.value, why: `should be ${bad.expected}` });
      } else if (role.role === 'ideal') {
        golden = true;
        const mapped = goldenAssertions(key, value);
        row.assert.push(...mapped.assert);
        row.todos.push(...mapped.unknown);
      } else if (role.role === 'variable' || (IDENT.test(key) && !key.startsWith('__'))) {
        (role.role === 'variable' ? variables : extras).add(key);
        row.values.set(key, toVar(value));
      } else ignored.add(key);
    }
    return row;
  });
  return {
    format: consoleStyle ? 'Console JSON test cases' : golden ? 'JSON with golden answers' : 'JSON test cases',
    rows,
    variables: [...variables],
    extras: [...extras].filter((k) => !variables.has(k)),
    ignored: [...ignored],
    order: [...new Set(list.flatMap((item) => Object.keys(item as object)))],
    ...envelope,
  };
}

function parseJson(file: string, text: string): unknown {
  // An export becomes a suite, which may nest 100 levels; deeper would overflow what places an error.
  // Its rows are placed by reading the text again (elementPlaces), so the text itself is checked.
  const json = parseJsonText(text, MAX_DEPTH, { rereads: true });
  if ('deep' in json) throw new InputError({ file, ...json.deep, message: `nested more than ${MAX_DEPTH} levels deep; an export never needs that many` });
  if ('invalid' in json) {
    const { problem, ...at } = syntaxProblem(text);
    throw new InputError({ file, ...at, message: `JSON syntax: ${problem}` });
  }
  return json.value;
}

function toVar(value: unknown): VarValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // A structured value fills a placeholder as its JSON text, which is what the Console shows.
  return JSON.stringify(value);
}

function stringAt(file: string, at: { line: number; col: number }, obj: Record<string, unknown>, keys: string[]): string | undefined {
  const key = keys.find((k) => obj[k] !== undefined);
  if (key === undefined) return undefined;
  if (typeof obj[key] !== 'string')
    throw new InputError({ file, ...at, message: `'${key}' in the export must be a string (a template with {{VAR}} placeholders)` });
  return obj[key];
}
