import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../src/package-root.ts';
import { parsePriceFile } from '../../src/pricing/price-file.ts';
import { priceFor, priceTable, pricesUsed, unpricedReason } from '../../src/pricing/price-table.ts';
import type { PriceRow } from '../../src/pricing/rates.ts';

const BUILTIN = packageFile('schema/prices.json');

describe('the built-in price table (schema/prices.json)', () => {
  it('passes the same checks as a user price file: the schema, rows oldest first, nano-dollar rates', () => {
    expect(() => parsePriceFile(BUILTIN, readFileSync(BUILTIN, 'utf8'))).not.toThrow();
  });

  it('names the source and the day checked of every row, and of the batch discount', () => {
    const rows = [...priceTable().models].flatMap(([model, list]) => list.map((row) => [model, row] as [string, PriceRow]));
    for (const [model, row] of rows) {
      expect(row.source, model).toMatch(/^https:\/\//);
      expect(row.checked, model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(priceTable()).toMatchObject({ checked: '2026-12-06', source: 'https://platform.claude.com/docs/en/about-claude/pricing', batchDiscount: 0.5 });
  });

  it('gives a reason for every model it lists as unpriced', () => {
    expect(unpricedReason('claude-mythos-preview')).toMatch(/Glasswing/);
    expect(unpricedReason('claude-haiku-4-5')).toBeUndefined();
  });

  it('stores explicit rates, since the ratios to input differ by model', () => {
    // cache read / input: 0.025x for Fable 5.1, 0.05x for Opus 5.5 and Sonnet 5.5, 0.1x for Haiku 4.5
    const ratio = (model: string) => {
      const { row } = priceFor(model, '2026-11-30')!;
      return row.cacheRead / row.input;
    };
    expect(ratio('claude-fable-5-1')).toBeCloseTo(0.025, 10);
    expect(ratio('claude-opus-5-5')).toBeCloseTo(0.05, 10);
    expect(ratio('claude-sonnet-5-5')).toBeCloseTo(0.05, 10);
    expect(ratio('claude-haiku-4-5')).toBeCloseTo(0.1, 10);
  });
});

describe('priceFor', () => {
  it('matches a dated snapshot, API or Vertex style, to its model, and an alias to its target', () => {
    expect(priceFor('claude-haiku-4-5-20251001')?.model).toBe('claude-haiku-4-5');
    expect(priceFor('claude-sonnet-4-5@20250929')?.model).toBe('claude-sonnet-4-5');
    expect(priceFor('claude-opus-4')?.model).toBe('claude-opus-4-0');
    expect(priceFor('claude-opus-4-20250514')?.model).toBe('claude-opus-4-0');
  });

  it('does not guess: no prefix, suffix or neighbour matching', () => {
    for (const model of ['claude-opus', 'claude-opus-5-5-fast', 'claude-haiku-5', 'claude-sonnet-5-5-2026', 'anthropic.claude-opus-5-5', 'CLAUDE-OPUS-5-5']) {
      expect(priceFor(model), model).toBeUndefined();
    }
  });

  it('picks the row in effect on the day asked', () => {
    expect(priceFor('claude-sonnet-5-5', '2026-10-06')?.row.cacheRead).toBe(0.2);
    expect(priceFor('claude-sonnet-5-5', '2026-10-07')?.row.cacheRead).toBe(0.1);
    expect(priceFor('claude-sonnet-5-5', '2027-03-01')?.row.cacheRead).toBe(0.1);
  });
});

describe('pricesUsed', () => {
  it('says which day a report is priced at and where the prices come from', () => {
    expect(pricesUsed('2026-11-03T09:15:42.123Z')).toEqual({
      at: '2026-11-03',
      checked: '2026-12-06',
      source: 'https://platform.claude.com/docs/en/about-claude/pricing',
    });
  });
});
