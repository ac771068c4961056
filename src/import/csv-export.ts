/** CSV exports: the Console's (one column per variable) and the `__expected` convention. */
import { CsvError, parse } from 'csv-parse/sync';
import { InputError, type Diagnostic } from '../input-error.ts';
import { columnRole, type ColumnRole } from './columns.ts';
import { directiveAssertion } from './expected-directive.ts';
import { goldenAssertions } from './golden.ts';
import type { ExportRow, ParsedExport } from './types.ts';

interface Rec {
  fields: string[];
  /** 1-based line where the record starts (quoted newlines make it span several). */
  line: number;
}

/** `text` has no BOM and LF line ends (see readExport). */
export function readCsv(file: string, text: string): ParsedExport {
  const records = parseRecords(file, text);
  const [header, ...data] = records;
  if (!header) throw new InputError({ file, line: 1, col: 1, message: 'the export is empty; expected a header row' });
  if (!data.length) throw new InputError({ file, line: header.line, col: 1, message: 'the CSV has a header row but no test cases under it' });

  const problems: Diagnostic[] = [];
  const roles = header.fields.map(columnRole);
  const headerText = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const cols = columnsOf(headerText, header.fields);
  const seen = new Map<string, number>();
  roles.forEach((role, i) => {
    const label = header.fields[i]!.trim();
    if (role.role === 'invalid') problems.push({ file, line: 1, col: cols[i]!, message: `column ${i + 1}: ${role.why}` });
    // `{{msg}}` and `msg` name the same variable: a duplicate too.
    const key = role.role === 'variable' ? `var:${role.name}` : label === '' ? undefined : `col:${label}`;
    if (!key) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push({ file, line: 1, col: cols[i]!, message: `duplicate column '${label}' (columns ${first + 1} and ${i + 1}); rename or remove one` });
  });
  for (const rec of data) {
    if (rec.fields.length !== header.fields.length) {
      problems.push({ file, line: rec.line, col: 1, message: `row has ${rec.fields.length} fields but the header has ${header.fields.length}; check for a missing or extra comma, or an unquoted comma in a cell` });
    }
  }
  if (problems.length) throw new InputError(problems.slice(0, 20));

  const nameCol = roles.findIndex((r) => r.role === 'name');
  const rows = data.map((rec, r): ExportRow => {
    const row: ExportRow = { index: r + 1, line: rec.line, col: 1, values: new Map(), assert: [], todos: [] };
    const name = nameCol === -1 ? '' : rec.fields[nameCol]!.trim();
    if (name) row.name = name;
    rec.fields.forEach((cell, i) => addCell(row, roles[i]!, header.fields[i]!.trim(), cell));
    return row;
  });
  const names = (pred: (r: ColumnRole) => boolean) => header.fields.filter((_, i) => pred(roles[i]!)).map((h) => h.trim());
  return {
    format: roles.some((r) => r.role === 'expected') ? 'CSV with __expected columns' : 'Console CSV',
    rows,
    variables: roles.flatMap((r) => (r.role === 'variable' ? [r.name] : [])),
    extras: names((r) => r.role === 'ignored').filter(usable),
    ignored: names((r) => r.role === 'ignored').filter((h) => !usable(h)).map((h) => h || '(a column with no header)'),
    order: header.fields.map((h, i) => (roles[i]!.role === 'variable' ? (roles[i] as { name: string }).name : h.trim() || '(a column with no header)')),
  };
}

function addCell(row: ExportRow, role: ColumnRole, header: string, cell: string): void {
  switch (role.role) {
    case 'variable':
      row.values.set(role.name, cell);
      return;
    case 'ignored':
      if (usable(header)) row.values.set(header, cell);
      return;
    case 'ideal': {
      const mapped = goldenAssertions(header, cell);
      row.assert.push(...mapped.assert);
      row.todos.push(...mapped.unknown);
      return;
    }
    case 'expected': {
      const entry = directiveAssertion(cell);
      if (entry) row.assert.push(entry);
      else if (entry === undefined) row.todos.push({ key: header, value: cell.trim() });
      return;
    }
  }
}

function parseRecords(file: string, text: string): Rec[] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  // The Console writes commas; a tab-separated paste (spreadsheets) has tabs and no commas in its header.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let lastEnd = 0;
  const records: Rec[] = [];
  try {
    parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      // Spreadsheets leave rows of bare commas under the data.
      skip_records_with_empty_values: true,
      // Spreadsheets write `5" screen` unquoted; take the quote as text rather than refuse the file.
      relax_quotes: true,
      on_record: (fields: string[], context) => {
        const newlines = fields.reduce((n, f) => n + countNewlines(f), 0);
        lastEnd = context.lines;
        records.push({ fields, line: context.lines - newlines });
        return null;
      },
    });
    return records;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? lastEnd + 1;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new InputError({ file, line: nextRecordLine(text, lastEnd), col: 1, message: 'a quoted cell starting in this row is never closed (a " is missing)' });
    }
    throw new InputError({ file, line, col: 1, message: `CSV: ${e.message}` });
  }
}

/** The first non-empty line after `line`, where the next record starts. */
function nextRecordLine(text: string, line: number): number {
  const lines = text.split('\n');
  let i = line;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  return i + 1;
}

/** An ignored column a prompt could still name as a variable (`{{output}}` in a grading prompt). */
function usable(header: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(header) && !header.startsWith('__');
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** 1-based column where each header cell starts, found in the header line's text. */
function columnsOf(line: string, fields: string[]): number[] {
  let at = 0;
  return fields.map((f) => {
    const i = line.indexOf(f, at);
    if (i === -1) return at + 1;
    const start = i > 0 && line[i - 1] === '"' ? i - 1 : i;
    at = i + f.length;
    return start + 1;
  });
}
