/** CSV exports: the Console's (one column per variable) and the `__expected` convention. */
import { columnsOf, csvRecords, firstLineOf, raggedRows } from '../csv-records.ts';
import { InputError, type Diagnostic } from '../input-error.ts';
import { columnRole, type ColumnRole } from './columns.ts';
import { directiveAssertion } from './expected-directive.ts';
import { goldenAssertions } from './golden.ts';
import type { ExportRow, ParsedExport } from './types.ts';

/** `text` has no BOM and LF line ends (see readExport). */
export function readCsv(file: string, text: string): ParsedExport {
  const records = csvRecords(file, text);
  const [header, ...data] = records;
  if (!header) throw new InputError({ file, line: 1, col: 1, message: 'the export is empty; expected a header row' });
  if (!data.length) throw new InputError({ file, line: header.line, col: 1, message: 'the CSV has a header row but no test cases under it' });

  const problems: Diagnostic[] = [];
  const roles = header.fields.map(columnRole);
  const headerText = firstLineOf(text);
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
  problems.push(...raggedRows(file, header, data));
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
    ignored: names((r) => r.role === 'ignored')
      .filter((h) => !usable(h))
      .map((h) => h || '(a column with no header)'),
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

/** An ignored column a prompt could still name as a variable (`{{output}}` in a grading prompt). */
function usable(header: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(header) && !header.startsWith('__');
}
