/**
 * CSV text as records, each with the line it starts on: the one CSV reader, shared by `import`
 * (Console exports) and datasets (cases read at run time). `text` has no BOM and LF line ends.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { InputError, type Diagnostic } from './input-error.ts';

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts (quoted newlines make it span several). */
  line: number;
}

/** CRLF (or a lone CR) made LF, so every later line count is right, inside quoted cells too. */
export function withLfLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The records of a CSV (or tab-separated) text; a syntax error is an InputError at its line. */
export function csvRecords(file: string, text: string): CsvRecord[] {
  const firstLine = firstLineOf(text);
  // The Console writes commas; a tab-separated paste (spreadsheets) has tabs and no commas in its header.
  const delimiter = delimiterOf(firstLine);
  let lastEnd = 0;
  const records: CsvRecord[] = [];
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
      throw new InputError({
        file,
        line: nextRecordLine(text, lastEnd),
        col: 1,
        message: 'a quoted cell starting in this row is never closed (a " is missing)',
      });
    }
    throw new InputError({ file, line, col: 1, message: `CSV: ${e.message}` });
  }
}

/** Rows with more or fewer fields than the header: a missing or extra comma shifts every later cell. */
export function raggedRows(file: string, header: CsvRecord, data: CsvRecord[]): Diagnostic[] {
  return data
    .filter((rec) => rec.fields.length !== header.fields.length)
    .map((rec) => ({
      file,
      line: rec.line,
      col: 1,
      message: `row has ${rec.fields.length} fields but the header has ${header.fields.length}; check for a missing or extra comma, or an unquoted comma in a cell`,
    }));
}

/** 1-based column where each cell of a one-line record starts, found in that line's text. */
export function columnsOf(line: string, fields: string[]): number[] {
  const delimiter = delimiterOf(line);
  let at = 0;
  return fields.map((f) => {
    const i = line.indexOf(f, at);
    if (i === -1) return at + 1;
    const quoted = i > 0 && line[i - 1] === '"';
    at = i + f.length + (quoted ? 1 : 0);
    // Past the delimiter, so an empty cell is placed where it is, not on the comma before it.
    if (line[at] === delimiter) at++;
    return (quoted ? i - 1 : i) + 1;
  });
}

export function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function delimiterOf(firstLine: string): string {
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

/** The first non-empty line after `line`, where the next record starts. */
function nextRecordLine(text: string, line: number): number {
  const lines = text.split('\n');
  let i = line;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  return i + 1;
}
