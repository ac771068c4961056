/** docs/pricing.md says what the code does: its example price files load, and its table is the built-in file's. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/format/usd.ts';
import { parsePriceFile } from '../../src/pricing/price-file.ts';
import { priceTable } from '../../src/pricing/price-table.ts';
import type { Rates } from '../../src/pricing/rates.ts';

const doc = readFileSync('docs/pricing.md', 'utf8');

describe('docs/pricing.md', () => {
  const examples = [...doc.matchAll(/```(json|yaml)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);

  it('has a JSON and a YAML example price file', () => expect(examples.map(([kind]) => kind)).toEqual(['json', 'yaml']));

  it.each(examples)('its %s example is a valid price file', (kind, text) => {
    const file = parsePriceFile(`example.${kind}`, text, priceTable().models.keys());
    expect(Object.keys(file.models).length).toBeGreaterThan(0);
  });

  it('lists every built-in row with its rates, in the file order', () => {
    const cells = (rates: Rates) => [rates.input, rates.output, rates.cacheWrite5m, rates.cacheWrite1h, rates.cacheRead].map(formatUsd).join(' | ');
    const expected = [...priceTable().models].flatMap(([model, rows]) =>
      rows.flatMap((row) => {
        const first = row.tiers?.[0]?.promptTokensOver;
        const band = (label: string) => (first === undefined ? '' : `, prompt ${label}`);
        return [
          `| \`${model}\`${band(`≤ ${first?.toLocaleString('en-US')}`)} | ${row.from ?? ''} | ${cells(row)} |`,
          ...(row.tiers ?? []).map(
            (tier) => `| \`${model}\`, prompt > ${tier.promptTokensOver.toLocaleString('en-US')} | ${row.from ?? ''} | ${cells(tier)} |`,
          ),
        ];
      }),
    );
    const documented = doc.split('\n').filter((line) => line.startsWith('| `claude-'));
    expect(documented.map((l) => l.replace(/ {2,}/g, ' '))).toEqual(expected.map((l) => l.replace(/ {2,}/g, ' ')));
  });

  it('names every unpriced model', () => {
    for (const model of priceTable().unpriced.keys()) expect(doc).toContain(`\`${model}\``);
  });
});
