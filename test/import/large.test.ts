import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-export.ts';
import { inputErrorOf, tempDir } from './helpers.ts';

// Large enough that a late error is far from the start; how import scales to 20,000 rows is
// bench/validate-import.ts's to say.
const ROWS = 3_000;

function ticket(i: number): string {
  return `Customer ${i} writes: I was charged twice for order #${i}, "again". Please refund the duplicate payment as soon as possible, thanks.`;
}

describe('large exports', () => {
  it('a 1 MB Console JSON imports every case, and a late error still has its line', async () => {
    const dir = await tempDir();
    const items = Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify(
        {
          name: `Ticket ${i}`,
          user_message: ticket(i),
          notes: 'x'.repeat(120),
          expected: { tool_called: 'classify_ticket', category: i % 2 ? 'billing' : 'technical', confidence_above: 0.8 },
        },
        null,
        2,
      ),
    );
    const text = `[\n${items.join(',\n')}\n]\n`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const file = path.join(dir, 'big.json');
    await writeFile(file, text);
    const result = await importFile(file);
    expect(result.cases).toBe(ROWS);
    // The tail shows nothing was lost.
    expect(result.yaml.slice(-1200)).toContain(
      `  - id: ticket-${ROWS - 1}\n    name: Ticket ${ROWS - 1}\n    prompt: "{{user_message}}"\n    vars:\n      user_message: '${ticket(ROWS - 1)}'\n`,
    );

    // Break the last case: the message must point into the last lines of the file.
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, text.replace(`"Ticket ${ROWS - 1}"`, `"Ticket ${ROWS - 1}",,`));
    const lines = text.split('\n').length;
    const [message] = await inputErrorOf(() => importFile(broken));
    // The second comma of `  "name": "Ticket N",,` is where a property name was expected.
    const col = `  "name": "Ticket ${ROWS - 1}",,`.indexOf(',,') + 2;
    expect(message).toBe(`${broken}:${lines - 10}:${col}: error: JSON syntax: property name expected`);
  });

  it('a 1 MB CSV with quoted newlines imports every row, and a ragged last row is placed exactly', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: ROWS }, (_, i) => `Ticket ${i},"${ticket(i).replaceAll('"', '""')}\nSecond line of ${i}",billing,${'y'.repeat(200)}`);
    const text = `name,{{user_message}},expected,notes\r\n${rows.join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const file = path.join(dir, 'big.csv');
    await writeFile(file, text);
    const result = await importFile(file);
    expect(result.cases).toBe(ROWS);

    const ragged = path.join(dir, 'ragged.csv');
    await writeFile(ragged, `${text}Last,"one\r\ntwo",billing,notes,extra\r\n`);
    // Header on line 1, every row takes two lines, so the extra row starts at 2 + 2 * rows.
    expect(await inputErrorOf(() => importFile(ragged))).toEqual([
      `${ragged}:${2 + 2 * ROWS}:1: error: row has 5 fields but the header has 4; check for a missing or extra comma, or an unquoted comma in a cell`,
    ]);
  });
});
