import { withLfLineEnds } from '../csv-records.ts';
import { InputError } from '../input-error.ts';
import { readTextSource, type TextFileKind } from '../read-text.ts';

const EXPORT_FILE: TextFileKind = {
  noun: 'an export (CSV or JSON)',
  tooBig: (limit) => `an export may be at most ${limit} (split it into several)`,
  notText: 'expected a CSV or JSON export',
  missing: 'no such export file',
};

/**
 * The export's text, read under the suite reader's guards, BOM removed and line ends made LF here so
 * every later line count is right, inside quoted cells too.
 */
export async function readExport(file: string): Promise<string> {
  const read = await readTextSource(file, EXPORT_FILE);
  if ('problem' in read) throw new InputError(read.problem);
  const text = read.source;
  if (text.trim() === '')
    throw new InputError({ file, line: 1, col: 1, message: 'the export is empty; expected a CSV with a header row or a JSON list of test cases' });
  return withLfLineEnds(text);
}
