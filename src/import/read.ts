import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withLfLineEnds } from '../csv-records.ts';
import { InputError } from '../input-error.ts';

/**
 * The export's text with a BOM removed and CRLF (or lone CR) line ends made LF. Normalising here
 * keeps every later line count right, inside quoted cells too.
 */
/** `file` is read from `cwd` and named as given. */
export async function readExport(file: string, cwd = '.'): Promise<string> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new InputError({ file, message: `cannot read the export: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\0')) throw new InputError({ file, line: 1, col: 1, message: 'not a text file (it has NUL bytes); expected a CSV or JSON export' });
  if (text.trim() === '') throw new InputError({ file, line: 1, col: 1, message: 'the export is empty; expected a CSV with a header row or a JSON list of test cases' });
  return withLfLineEnds(text);
}
