import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-export.ts';
import { fixture, inputErrorOf, tempDir } from './helpers.ts';

const bad = (name: string) => fixture(`bad/${name}`);
const errorsOf = (file: string, opts = {}) => inputErrorOf(() => importFile(file, opts));

describe('bad exports: one clear message at file:line:col', () => {
  it('ragged row: the line stays right after a quoted cell that spans CRLF lines and a BOM', async () => {
    expect(await errorsOf(bad('ragged-after-quoted-newline.csv'))).toEqual([
      `${bad('ragged-after-quoted-newline.csv')}:6:1: error: row has 4 fields but the header has 3; check for a missing or extra comma, or an unquoted comma in a cell`,
    ]);
  });

  it('duplicate headers, {{ticket}} and ticket naming the same variable, point at the second', async () => {
    expect(await errorsOf(bad('duplicate-headers.csv'))).toEqual([
      `${bad('duplicate-headers.csv')}:1:27: error: duplicate column 'ticket' (columns 2 and 4); rename or remove one`,
    ]);
  });

  it('empty file, header only, empty list', async () => {
    expect(await errorsOf(bad('empty.csv'))).toEqual([
      `${bad('empty.csv')}:1:1: error: the export is empty; expected a CSV with a header row or a JSON list of test cases`,
    ]);
    expect(await errorsOf(bad('header-only.csv'))).toEqual([`${bad('header-only.csv')}:1:1: error: the CSV has a header row but no test cases under it`]);
    expect(await errorsOf(bad('empty-list.json'))).toEqual([`${bad('empty-list.json')}:1:1: error: the JSON export has no test cases (the list is empty)`]);
  });

  it('a BOM alone is still an empty file', async () => {
    const file = path.join(await tempDir(), 'bom.csv');
    await writeFile(file, '\uFEFF\r\n');
    expect(await errorsOf(file)).toEqual([`${file}:1:1: error: the export is empty; expected a CSV with a header row or a JSON list of test cases`]);
  });

  it('an unclosed quote points at the row where it opens', async () => {
    expect(await errorsOf(bad('unclosed-quote.csv'))).toEqual([
      `${bad('unclosed-quote.csv')}:3:1: error: a quoted cell starting in this row is never closed (a " is missing)`,
    ]);
  });

  it('JSON that is not a list', async () => {
    const [message] = await errorsOf(bad('not-a-list.json'));
    expect(message).toMatch(new RegExp(`^${escape(bad('not-a-list.json'))}:1:1: error: the JSON export is an object, not a list of test cases;`));
  });

  it('a list item that is not an object points at the item', async () => {
    expect(await errorsOf(bad('not-objects.json'))).toEqual([
      `${bad('not-objects.json')}:3:3: error: case 2 is a string, not an object with the case's variables and expectations`,
    ]);
  });

  it('a JSON syntax error turns its position into line:col', async () => {
    expect(await errorsOf(bad('syntax-error.json'))).toEqual([`${bad('syntax-error.json')}:5:53: error: JSON syntax: property name expected`]);
    const truncated = path.join(await tempDir(), 'cut.json');
    await writeFile(truncated, '[\n  {"user_message": "hi"}');
    expect(await errorsOf(truncated)).toEqual([expect.stringMatching(new RegExp(`^${escape(truncated)}:2:2[45]: error: JSON syntax: `))]);
  });

  it('variables the prompt uses but the data lacks: every one named, with the rows', async () => {
    expect(await errorsOf(bad('partial-vars.json'), { prompt: bad('company.prompt.txt') })).toEqual([
      `${bad('partial-vars.json')}:7:3: error: the prompt uses variables the export does not provide: {{company}} in case 2 (line 7), case 3 (line 11); {{tier}} (no such column or key) (it has: company, user_message)`,
    ]);
  });

  it('several variables and no prompt asks for --prompt', async () => {
    expect(await errorsOf(fixture('summarize.console.csv'))).toEqual([
      `${fixture('summarize.console.csv')}: error: the export has no prompt template and several variables (article, audience); pass --prompt FILE with {{VAR}} placeholders`,
    ]);
  });

  it('a prompt file that opens with System: needs a User: line', async () => {
    const file = path.join(await tempDir(), 'prompt.txt');
    await writeFile(file, 'System:\nYou are terse.\n{{user_message}}\n');
    expect(await errorsOf(fixture('support-triage.console.json'), { prompt: file })).toEqual([
      `${file}:1:1: error: the prompt opens with 'System:' but has no 'User:' line after it; put the user turn after a line 'User:'`,
    ]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
