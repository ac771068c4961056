/**
 * Datasets: a `cases:` entry with `dataset: { file, id }` is a case template, and each row of the
 * CSV or JSONL file becomes one case of it: the row's columns are the case's vars, the key column
 * its id. Read at every load, so a spreadsheet export that keeps changing is what runs.
 */
import path from 'node:path';
import { columnsOf, csvRecords, firstLineOf, raggedRows, withLfLineEnds } from '../csv-records.ts';
import { InputError, type Diagnostic } from '../input-error.ts';
import { syntaxProblem } from '../json-text.ts';
import { hint } from './did-you-mean.ts';
import type { Locator, YamlPath } from './locate.ts';
import { describe } from './shape-errors.ts';
import { readTextSource, type TextFileKind } from '../read-text.ts';
import type { ShapeFaults } from './shape-faults.ts';
import type { CaseFile, DatasetFile, VarsFile } from './suite-file.ts';
import type { Loc } from './types.ts';

/** schema/suite.schema.json's case id pattern: an id names a fixtures file. */
const DATASET_FILE: TextFileKind = {
  noun: 'a dataset file',
  tooBig: (limit) => `a dataset may be at most ${limit} (split it into several datasets)`,
  notText: 'a dataset is CSV or JSONL text',
};

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const CASE_ID_HINT = "may use only letters, digits, '.', '_' and '-', starting with a letter or digit (it names a fixtures file)";

/** One entry of `cases:` as the loader walks it: a hand-written case, or one row of a dataset. */
export interface CaseItem {
  item: unknown;
  /** The entry's place in the suite: for a row, its template's. */
  at: YamlPath;
  row?: DatasetRow;
}

export interface DatasetRow {
  /** The row's place in the data file. */
  loc: Loc;
  /** The problem with a `{{name}}` the template uses that neither the row nor the suite defines. */
  undefinedVariable(name: string, where: string, at: Loc, known: string[]): Diagnostic;
}

interface Table {
  file: string;
  columns: string[];
  rows: { line: number; values: Record<string, unknown>; colOf: (column: string) => number }[];
}

/** Every `cases:` entry, each dataset entry replaced by one case per row of its file. */
export async function expandDatasets(
  rawCases: unknown[],
  suiteFile: string,
  locator: Locator,
  faults: ShapeFaults,
): Promise<{ items: CaseItem[]; problems: Diagnostic[]; warnings: Diagnostic[] }> {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  // The written ids a dataset's rows may clash with: placed only for a suite that has a dataset entry.
  let written: Map<string, Loc> | undefined;
  const writtenIds = (): Map<string, Loc> => {
    if (written) return written;
    written = new Map();
    for (const [i, item] of rawCases.entries()) {
      const id = isMapping(item) && item.dataset === undefined ? item.id : undefined;
      if (typeof id === 'string' && !written.has(id)) written.set(id, locator.loc(['cases', i, 'id']));
    }
    return written;
  };
  const fromRows = new Map<string, Loc & { entry: string }>();
  const items: CaseItem[] = [];
  for (let i = 0; i < rawCases.length; i++) {
    const item = rawCases[i];
    const at: YamlPath = ['cases', i];
    if (!isMapping(item) || item.dataset === undefined) {
      items.push({ item, at });
      continue;
    }
    if (!faults.soundUnder([...at, 'dataset'])) continue;
    const { dataset, ...template } = item as unknown as CaseFile & { dataset: DatasetFile };
    if (template.id !== undefined) {
      problems.push({
        ...locator.loc([...at, 'id'], { key: true }),
        message: 'a dataset entry takes its case ids from the file (dataset.id names the key column); remove id: here',
      });
    }
    const expanded = await rowsOf(dataset, template, at, suiteFile, locator, { written: writtenIds(), fromRows });
    problems.push(...expanded.problems);
    warnings.push(...expanded.warnings);
    items.push(...expanded.items);
  }
  return { items, problems, warnings };
}

async function rowsOf(
  spec: DatasetFile,
  template: Omit<CaseFile, 'id'>,
  at: YamlPath,
  suiteFile: string,
  locator: Locator,
  ids: { written: Map<string, Loc>; fromRows: Map<string, Loc & { entry: string }> },
): Promise<{ items: CaseItem[]; problems: Diagnostic[]; warnings: Diagnostic[] }> {
  const none = (problems: Diagnostic[]) => ({ items: [], problems, warnings: [] });
  const specAt = (...p: YamlPath) => locator.loc([...at, 'dataset', ...p]);
  // Shown as the suite's path is shown (relative stays relative), read from where the suite is.
  const file = path.isAbsolute(spec.file) ? spec.file : path.join(path.dirname(suiteFile), spec.file);
  const table = await readTable(file);
  if ('problems' in table) {
    return none(table.problems.map((p) => (p.file === file && p.line === undefined ? { ...specAt('file'), message: `${spec.file}: ${p.message}` } : p)));
  }

  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const columnsSaid = `${spec.file} has ${table.columns.map((c) => `'${c}'`).join(', ')}`;
  for (const which of ['id', 'tags', 'skip', 'repeat'] as const) {
    const key = spec[which];
    if (key === undefined || table.columns.includes(key)) continue;
    problems.push({ ...specAt(which), message: `dataset.${which}: no column '${key}' in ${spec.file}${hint(key, table.columns)}; ${columnsSaid}` });
  }
  spec.vars?.forEach((name, j) => {
    if (!table.columns.includes(name))
      problems.push({ ...specAt('vars', j), message: `dataset.vars: no column '${name}' in ${spec.file}${hint(name, table.columns)}; ${columnsSaid}` });
  });
  if (problems.length) return none(problems);
  if (spec.id === undefined) {
    warnings.push({
      ...specAt(),
      message: `${spec.file}: no key column (dataset.id), so each case id is its row number (${stemOf(spec.file)}-1, ...); adding, removing or reordering rows moves ids onto other rows, whose recordings then replay as stale. Name a column that identifies each row with id:`,
    });
  }

  const varColumns = spec.vars ?? table.columns;
  const items: CaseItem[] = [];
  for (const [n, row] of table.rows.entries()) {
    const loc: Loc = { file, line: row.line, col: 1 };
    const id = caseIdOf(spec, row, n, file);
    if ('problem' in id) {
      problems.push(id.problem);
      continue;
    }
    const there = { file, line: row.line, col: spec.id === undefined ? 1 : row.colOf(spec.id) };
    const entry = describe(at);
    const earlier = ids.fromRows.get(id.id);
    const written = ids.written.get(id.id);
    if (earlier || written) {
      // Two entries may read one file (one dataset, two prompts): then the rows' places alone would not tell them apart.
      const other = earlier
        ? `the row at ${earlier.file}:${earlier.line}${earlier.entry === entry ? '' : ` for ${earlier.entry}`}`
        : `the case at ${written!.file}:${written!.line}:${written!.col}`;
      problems.push({ ...there, message: `duplicate case id '${id.id}'${earlier && earlier.entry !== entry ? ` for ${entry}` : ''} (${other} has it too)` });
      continue;
    }
    ids.fromRows.set(id.id, { ...there, entry });
    const vars: VarsFile = {};
    for (const column of varColumns) if (Object.hasOwn(row.values, column)) vars[column] = varValue(row.values[column]);
    const repeat = repeatOf(spec, row, file);
    if (typeof repeat === 'object') {
      problems.push(repeat);
      continue;
    }
    const skip = spec.skip !== undefined ? cellText(row.values[spec.skip]).trim() : '';
    const tags =
      spec.tags !== undefined
        ? cellText(row.values[spec.tags])
            .split(/[\s,]+/)
            .filter(Boolean)
        : [];
    const rowCase: CaseFile = {
      ...template,
      id: id.id,
      vars: { ...template.vars, ...vars },
      ...(tags.length ? { tags: [...(template.tags ?? []), ...tags] } : {}),
      ...(skip ? { skip } : {}),
      ...(repeat !== undefined ? { repeat } : {}),
    };
    const undefinedVariable = (name: string, where: string, place: Loc, known: string[]): Diagnostic => {
      // JSONL rows may differ in keys: one that other rows have is this row's gap, said at the row.
      if (table.columns.includes(name) && !Object.hasOwn(row.values, name)) return { ...loc, message: `this row has no '${name}', which ${where} uses` };
      const why = table.columns.includes(name)
        ? `'${name}' is a column of ${spec.file} but not one of dataset.vars`
        : `no column '${name}' in ${spec.file}${hint(name, known)}; ${columnsSaid}`;
      return { ...place, message: `undefined variable '{{${name}}}' in ${where}: ${why}` };
    };
    items.push({ item: rowCase, at, row: { loc, undefinedVariable } });
  }
  return { items, problems, warnings };
}

function caseIdOf(spec: DatasetFile, row: Table['rows'][number], n: number, file: string): { id: string } | { problem: Diagnostic } {
  if (spec.id === undefined) return { id: `${stemOf(spec.file)}-${n + 1}` };
  const place = { file, line: row.line, col: row.colOf(spec.id) };
  const value = row.values[spec.id];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return { problem: { ...place, message: `the key column '${spec.id}' is empty in this row; every row needs one (it is the case id)` } };
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return {
      problem: {
        ...place,
        message: `the key '${spec.id}' must be a string or a number, not ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`,
      },
    };
  }
  const id = String(value).trim();
  // Refused, not slugged: two keys that slug alike would share a recording, and a slug rule is one more thing to know.
  if (!CASE_ID.test(id)) return { problem: { ...place, message: `${spec.id} ${JSON.stringify(id)} cannot be a case id: it ${CASE_ID_HINT}` } };
  return { id };
}

/** The row's `repeat` cell as a count; an empty cell leaves the template's. */
function repeatOf(spec: DatasetFile, row: Table['rows'][number], file: string): number | undefined | Diagnostic {
  if (spec.repeat === undefined) return undefined;
  const cell = cellText(row.values[spec.repeat]).trim();
  if (cell === '') return undefined;
  const n = Number(cell);
  return Number.isInteger(n) && n >= 1
    ? n
    : {
        file,
        line: row.line,
        col: row.colOf(spec.repeat),
        message: `${spec.repeat} ${JSON.stringify(cell)} is not a repeat count (a whole number, 1 or more)`,
      };
}

/** The file's columns and rows, or why it has none. Problems without a line are about the file as a whole. */
async function readTable(file: string): Promise<Table | { problems: Diagnostic[] }> {
  // The schema admits only .csv, .tsv, .jsonl and .ndjson names.
  const format = /\.(csv|tsv)$/i.test(file) ? 'csv' : 'jsonl';
  const read = await readTextSource(file, DATASET_FILE);
  if ('problem' in read) return { problems: [read.problem] };
  const text = withLfLineEnds(read.source);
  try {
    return format === 'csv' ? csvTable(file, text) : jsonlTable(file, text);
  } catch (e) {
    if (e instanceof InputError) return { problems: e.diagnostics };
    throw e;
  }
}

function csvTable(file: string, text: string): Table | { problems: Diagnostic[] } {
  const [header, ...data] = csvRecords(file, text);
  if (!header) return { problems: [{ file, line: 1, col: 1, message: 'the dataset is empty; expected a header row naming the columns' }] };
  if (!data.length) return { problems: [{ file, line: header.line, col: 1, message: 'the dataset has a header row but no rows under it' }] };
  const columns = header.fields.map((f) => f.trim());
  const headerCols = columnsOf(firstLineOf(text), header.fields);
  const problems: Diagnostic[] = [];
  columns.forEach((c, i) => {
    const first = columns.indexOf(c);
    if (c === '') problems.push({ file, line: header.line, col: headerCols[i]!, message: `column ${i + 1} has no name in the header row` });
    else if (first !== i)
      problems.push({ file, line: header.line, col: headerCols[i]!, message: `duplicate column '${c}' (columns ${first + 1} and ${i + 1})` });
  });
  problems.push(...raggedRows(file, header, data));
  if (problems.length) return { problems };
  const lines = text.split('\n');
  const rows = data.map((rec) => {
    const values = Object.fromEntries(columns.map((c, i) => [c, rec.fields[i]!]));
    // A cell's column is known only on a one-line record; after a quoted newline, the row's start.
    const cols = rec.fields.some((f) => f.includes('\n')) ? undefined : columnsOf(lines[rec.line - 1] ?? '', rec.fields);
    return { line: rec.line, values, colOf: (column: string) => cols?.[columns.indexOf(column)] ?? 1 };
  });
  return { file, columns, rows };
}

function jsonlTable(file: string, text: string): Table | { problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const columns = new Set<string>();
  const rows: Table['rows'] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const at = syntaxProblem(line);
      problems.push({ file, line: i + 1, col: at.col, message: `JSONL: ${at.problem}; each line is one JSON object` });
      return;
    }
    if (!isMapping(value)) {
      problems.push({
        file,
        line: i + 1,
        col: 1,
        message: `JSONL: each line is one JSON object (a row), not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}`,
      });
      return;
    }
    for (const key of Object.keys(value)) columns.add(key);
    rows.push({ line: i + 1, values: value, colOf: (key) => Math.max(1, line.indexOf(JSON.stringify(key)) + 1) });
  });
  if (problems.length) return { problems };
  if (!rows.length) return { problems: [{ file, line: 1, col: 1, message: 'the dataset is empty; expected one JSON object per line' }] };
  return { file, columns: [...columns], rows };
}

/** JSONL values that are not strings, numbers or booleans reach the prompt as their JSON text. */
/** A skip, tags or repeat cell as text: a JSONL list reads as the CSV cell `a,b` would, an object as its JSON. */
function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(cellText).join(',');
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function varValue(v: unknown): string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
}

function stemOf(file: string): string {
  return (
    path
      .basename(file)
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'row'
  );
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
