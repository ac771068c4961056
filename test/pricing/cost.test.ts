import { describe, expect, it } from 'vitest';
import { callCost, tokenCounts } from '../../src/pricing/cost.ts';
import { PRICES, PRICES_CHECKED, PRICES_SOURCE, priceFor } from '../../src/pricing/prices.ts';
import type { Usage } from '../../src/run-result.ts';

function usage(u: Partial<Usage>): Usage {
  return {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: (u.cache_creation_5m_input_tokens ?? 0) + (u.cache_creation_1h_input_tokens ?? 0),
    cache_read_input_tokens: 0,
    cache_creation_5m_input_tokens: 0,
    cache_creation_1h_input_tokens: 0,
    ...u,
  };
}

describe('price table', () => {
  it('names its source and the date it was checked', () => {
    expect(PRICES_CHECKED).toBe('2026-11');
    expect(PRICES_SOURCE).toMatch(/^https:\/\//);
  });

  it.each([
    ['claude-opus-4-8', 5, 25],
    ['claude-opus-4-7', 5, 25],
    ['claude-opus-4-6', 5, 25],
    ['claude-opus-4-5', 5, 25],
    ['claude-opus-4-5-20251101', 5, 25],
    ['claude-sonnet-4-6', 3, 15],
    ['claude-sonnet-4-5-20250929', 3, 15],
    ['claude-sonnet-4-0', 3, 15],
    ['claude-sonnet-4-20250514', 3, 15],
    ['claude-haiku-4-5', 1, 5],
    ['claude-haiku-4-5-20251001', 1, 5],
    ['claude-opus-4-1-20250805', 15, 75],
    ['claude-opus-4-20250514', 15, 75],
  ])('%s costs $%d/$%d per MTok', (model, input, output) => {
    expect(priceFor(model)?.rates).toMatchObject({ input, output });
  });

  it('matches a new dated snapshot (API or Vertex style) to its known family', () => {
    expect(priceFor('claude-haiku-4-5-20270101')?.family).toBe('claude-haiku-4-5');
    expect(priceFor('claude-sonnet-4-5@20250929')?.family).toBe('claude-sonnet-4-5');
  });

  it('does not guess for models it does not know', () => {
    for (const model of ['claude-opus-5', 'claude-sonnet-5-5', 'claude-haiku-4', 'claude-haiku-4-5-fast', 'claude-3-haiku-20240307', 'gpt-4o', '']) {
      expect(priceFor(model), model).toBeUndefined();
      expect(callCost(model, usage({ input_tokens: 10 }), { batch: false }), model).toBeUndefined();
    }
  });

  it('keeps cache rates per model, consistent with the documented multipliers for these families', () => {
    for (const { family, rates } of PRICES) {
      expect(rates.cacheWrite5m, family).toBeCloseTo(rates.input * 1.25, 10);
      expect(rates.cacheWrite1h, family).toBeCloseTo(rates.input * 2, 10);
      expect(rates.cacheRead, family).toBeCloseTo(rates.input * 0.1, 10);
    }
  });
});

describe('callCost', () => {
  // Haiku 4.5: $1 in, $5 out, $1.25 5m write, $2 1h write, $0.10 read, per million tokens.
  const u = usage({
    input_tokens: 1000,
    output_tokens: 500,
    cache_creation_5m_input_tokens: 2000,
    cache_creation_1h_input_tokens: 4000,
    cache_read_input_tokens: 10_000,
  });

  it('prices each component by hand-computed values', () => {
    expect(callCost('claude-haiku-4-5-20251001', u, { batch: false })).toEqual({
      model: 'claude-haiku-4-5-20251001',
      family: 'claude-haiku-4-5',
      batch: false,
      input: 0.001, // 1000 x $1/M
      output: 0.0025, // 500 x $5/M
      cacheWrite5m: 0.0025, // 2000 x $1.25/M
      cacheWrite1h: 0.008, // 4000 x $2/M
      cacheRead: 0.001, // 10000 x $0.10/M
      batchDiscount: 0,
      total: 0.015,
    });
  });

  it('takes 50% off every component in batch mode', () => {
    const cost = callCost('claude-haiku-4-5', u, { batch: true })!;
    expect(cost.input).toBe(0.001);
    expect(cost.batchDiscount).toBe(0.0075);
    expect(cost.total).toBe(0.0075);
  });

  it('prices Opus 4.1 1h writes and Opus 4.7 reads at their own rates', () => {
    expect(callCost('claude-opus-4-1', usage({ cache_creation_1h_input_tokens: 1_000_000 }), { batch: false })!.total).toBe(30);
    expect(callCost('claude-opus-4-7', usage({ cache_read_input_tokens: 1_000_000 }), { batch: false })!.total).toBe(0.5);
    expect(callCost('claude-sonnet-4-6', usage({ input_tokens: 1_000_000, output_tokens: 1_000_000 }), { batch: false })!.total).toBe(18);
  });

  it('counts cache writes the API did not split by TTL as 5-minute writes', () => {
    const unsplit = usage({ cache_creation_input_tokens: 1000 });
    expect(tokenCounts(unsplit)).toMatchObject({ cacheWrite5m: 1000, cacheWrite1h: 0 });
    expect(callCost('claude-sonnet-4-5', unsplit, { batch: false })!.cacheWrite5m).toBe(0.00375);
  });

  it('is $0 for a known model that used no tokens, and never for an unknown one', () => {
    expect(callCost('claude-haiku-4-5', usage({}), { batch: false })!.total).toBe(0);
    expect(callCost('claude-unknown-1', usage({}), { batch: false })).toBeUndefined();
  });
});
