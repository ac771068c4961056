import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callCost, tokenCounts, type CostBreakdown } from '../../src/pricing/cost.ts';
import { loadPriceTable, withPrices } from '../../src/pricing/price-table.ts';
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

const AT = '2026-11-30T12:00:00.000Z';
const price = (model: string, u: Partial<Usage>, opts: { batch?: boolean; at?: string } = {}) =>
  callCost(model, usage(u), { batch: opts.batch ?? false, at: opts.at ?? AT });

// One request with every component: 1,000 in, 2,000 out, 3,000 written for 5m, 4,000 for 1h, 100,000 read.
// Its prompt is 108,000 tokens, over Haiku 5.5's 100,000 threshold, so Haiku 5.5 is priced at its higher band.
const EVERY = {
  input_tokens: 1000,
  output_tokens: 2000,
  cache_creation_5m_input_tokens: 3000,
  cache_creation_1h_input_tokens: 4000,
  cache_read_input_tokens: 100_000,
};

type Expected = Pick<CostBreakdown, 'input' | 'output' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead' | 'total'>;
const each = (models: string[], expected: Expected) => models.map((model): [string, Expected] => [model, expected]);

describe('callCost per model family, by hand ($/MTok: input, output, 5m write, 1h write, read)', () => {
  it.each<[string, Expected]>([
    // Fable 5.1 / Mythos 5.1: 10, 50, 12.50, 20, 0.25 (reads at 0.025x input)
    ...each(['claude-fable-5-1', 'claude-mythos-5-1'], { input: 0.01, output: 0.1, cacheWrite5m: 0.0375, cacheWrite1h: 0.08, cacheRead: 0.025, total: 0.2525 }),
    // Fable 5 / Mythos 5: 10, 50, 12.50, 20, 1
    ...each(['claude-fable-5', 'claude-mythos-5'], { input: 0.01, output: 0.1, cacheWrite5m: 0.0375, cacheWrite1h: 0.08, cacheRead: 0.1, total: 0.3275 }),
    // Opus 5.5: 4, 20, 5, 8, 0.20 (reads at 0.05x input)
    ...each(['claude-opus-5-5'], { input: 0.004, output: 0.04, cacheWrite5m: 0.015, cacheWrite1h: 0.032, cacheRead: 0.02, total: 0.111 }),
    // Opus 5, 4.8, 4.7, 4.6, 4.5: 5, 25, 6.25, 10, 0.50
    ...each(['claude-opus-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5', 'claude-opus-4-5-20251101'], {
      input: 0.005,
      output: 0.05,
      cacheWrite5m: 0.01875,
      cacheWrite1h: 0.04,
      cacheRead: 0.05,
      total: 0.16375,
    }),
    // Opus 4.1, 4: 15, 75, 18.75, 30, 1.50
    ...each(['claude-opus-4-1', 'claude-opus-4-1-20250805', 'claude-opus-4-0', 'claude-opus-4', 'claude-opus-4-20250514'], {
      input: 0.015,
      output: 0.15,
      cacheWrite5m: 0.05625,
      cacheWrite1h: 0.12,
      cacheRead: 0.15,
      total: 0.49125,
    }),
    // Sonnet 5.5 (after 2026-10-07): 2, 10, 2.50, 4, 0.10 (reads at 0.05x input)
    ...each(['claude-sonnet-5-5'], { input: 0.002, output: 0.02, cacheWrite5m: 0.0075, cacheWrite1h: 0.016, cacheRead: 0.01, total: 0.0555 }),
    // Sonnet 5: 2, 10, 2.50, 4, 0.20
    ...each(['claude-sonnet-5'], { input: 0.002, output: 0.02, cacheWrite5m: 0.0075, cacheWrite1h: 0.016, cacheRead: 0.02, total: 0.0655 }),
    // Sonnet 4.6, 4.5, 4: 3, 15, 3.75, 6, 0.30
    ...each(['claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-0', 'claude-sonnet-4', 'claude-sonnet-4-20250514'], {
      input: 0.003,
      output: 0.03,
      cacheWrite5m: 0.01125,
      cacheWrite1h: 0.024,
      cacheRead: 0.03,
      total: 0.09825,
    }),
    // Haiku 5.5, prompt over 100,000 tokens: 0.50, 2.50, 0.625, 1, 0.05 on every token
    ...each(['claude-haiku-5-5'], { input: 0.0005, output: 0.005, cacheWrite5m: 0.001875, cacheWrite1h: 0.004, cacheRead: 0.005, total: 0.016375 }),
    // Haiku 4.5: 1, 5, 1.25, 2, 0.10
    ...each(['claude-haiku-4-5', 'claude-haiku-4-5-20251001', 'claude-haiku-4-5@20251001'], {
      input: 0.001,
      output: 0.01,
      cacheWrite5m: 0.00375,
      cacheWrite1h: 0.008,
      cacheRead: 0.01,
      total: 0.03275,
    }),
  ])('%s', (model, expected) => {
    expect(price(model, EVERY)).toMatchObject({ model, batch: false, batchDiscount: 0, ...expected });
  });

  it('names the table entry a dated snapshot or alias matched', () => {
    expect(price('claude-haiku-4-5-20251001', {})?.family).toBe('claude-haiku-4-5');
    expect(price('claude-sonnet-4-20250514', {})?.family).toBe('claude-sonnet-4-0');
    expect(price('claude-haiku-4-5-20270101', {})?.family).toBe('claude-haiku-4-5');
  });
});

describe("Haiku 5.5's prompt-length tier, priced per request", () => {
  it('keeps a prompt of exactly 100,000 tokens in the lower band', () => {
    // 60,000 in x $0.10 + 40,000 read x $0.01 + 1,000 out x $0.50 = $0.006 + $0.0004 + $0.0005
    const cost = price('claude-haiku-5-5', { input_tokens: 60_000, cache_read_input_tokens: 40_000, output_tokens: 1000 })!;
    expect(cost).toMatchObject({ input: 0.006, cacheRead: 0.0004, output: 0.0005, total: 0.0069 });
    expect(cost.promptTokensOver).toBeUndefined();
  });

  it('prices every token of a 100,001-token prompt at the higher band, output included', () => {
    // 60,001 in x $0.50 + 40,000 read x $0.05 + 1,000 out x $2.50 = $0.0300005 + $0.002 + $0.0025
    expect(price('claude-haiku-5-5', { input_tokens: 60_001, cache_read_input_tokens: 40_000, output_tokens: 1000 })).toMatchObject({
      input: 0.0300005,
      cacheRead: 0.002,
      output: 0.0025,
      total: 0.0345005,
      promptTokensOver: 100_000,
    });
  });

  it('counts cache writes in the prompt, and output not at all', () => {
    // 50,000 in + 50,001 written (5m) = 100,001: 50,000 x $0.50 + 50,001 x $0.625 = $0.025 + $0.031250625
    expect(price('claude-haiku-5-5', { input_tokens: 50_000, cache_creation_5m_input_tokens: 50_001 })).toMatchObject({
      total: 0.056250625,
      promptTokensOver: 100_000,
    });
    // 100,000 in and 500,000 out stays in the lower band: $0.01 + $0.25
    expect(price('claude-haiku-5-5', { input_tokens: 100_000, output_tokens: 500_000 })).toMatchObject({ total: 0.26 });
  });

  it('bands each request on its own: two 60,000-token requests are both in the lower band', () => {
    const one = price('claude-haiku-5-5', { input_tokens: 60_000 })!;
    expect(one.total).toBe(0.006); // 60,000 x $0.10, not 120,000 tokens' worth of the higher band
  });
});

describe('the breakdown', () => {
  it('lists its figures in one order, what applies of ratesFrom, promptTokensOver and fast after model and family', () => {
    const figures = ['batch', 'input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'batchDiscount', 'geoSurcharge', 'serverTools', 'total'];
    const keys = (model: string, u: Partial<Usage>, at?: string) => Object.keys(price(model, u, at ? { at } : {})!);
    expect(keys('claude-haiku-4-5', { input_tokens: 10 })).toEqual(['model', 'family', ...figures]);
    expect(keys('claude-sonnet-5-5', { input_tokens: 10 }, '2026-10-07T00:00:00.000Z')).toEqual(['model', 'family', 'ratesFrom', ...figures]);
    expect(keys('claude-haiku-5-5', { input_tokens: 100_001 })).toEqual(['model', 'family', 'promptTokensOver', ...figures]);
    expect(keys('claude-opus-5', { input_tokens: 10, speed: 'fast' })).toEqual(['model', 'family', 'fast', ...figures]);
  });
});

describe('rates by date: a call is priced at the rates of its day (UTC)', () => {
  const read = { cache_read_input_tokens: 1_000_000 };

  it("prices Sonnet 5.5's cache reads at $0.20 on 2026-10-06 and $0.10 from 2026-10-07", () => {
    expect(price('claude-sonnet-5-5', read, { at: '2026-10-06T23:59:59.999Z' })).toMatchObject({ cacheRead: 0.2, total: 0.2 });
    expect(price('claude-sonnet-5-5', read, { at: '2026-10-06T23:59:59.999Z' })?.ratesFrom).toBeUndefined();
    expect(price('claude-sonnet-5-5', read, { at: '2026-10-07T00:00:00.000Z' })).toMatchObject({ cacheRead: 0.1, total: 0.1, ratesFrom: '2026-10-07' });
  });

  it('takes the UTC day of a time given with an offset', () => {
    // 01:00 in UTC+2 on the 7th is still the 6th in UTC
    expect(price('claude-sonnet-5-5', read, { at: '2026-10-07T01:00:00+02:00' })?.total).toBe(0.2);
  });

  it('leaves other rates alone across the change', () => {
    const u = { input_tokens: 1_000_000, output_tokens: 1_000_000, cache_creation_5m_input_tokens: 1_000_000, cache_creation_1h_input_tokens: 1_000_000 };
    expect(price('claude-sonnet-5-5', u, { at: '2026-10-06' })?.total).toBe(18.5); // 2 + 10 + 2.50 + 4
    expect(price('claude-sonnet-5-5', u, { at: '2026-10-07' })?.total).toBe(18.5);
  });

  it('refuses a date that is not one: a bug in the caller, not a price', () => {
    expect(() => price('claude-sonnet-5-5', read, { at: 'yesterday' })).toThrow(/cannot price at "yesterday"/);
  });
});

describe('batch: the Message Batches API charges all usage at half price', () => {
  it('takes 50% off every component, cache writes and reads included, and shows the components at list price', () => {
    // Opus 5.5, the request above: $0.111 at list price
    expect(price('claude-opus-5-5', EVERY, { batch: true })).toMatchObject({
      batch: true,
      input: 0.004,
      cacheRead: 0.02,
      batchDiscount: 0.0555,
      total: 0.0555,
    });
  });

  it('halves the higher band too', () => {
    expect(price('claude-haiku-5-5', EVERY, { batch: true })).toMatchObject({ batchDiscount: 0.0081875, total: 0.0081875 }); // $0.016375 / 2
  });
});

describe('each cache component at its own rate', () => {
  const M = 1_000_000;
  it.each([
    ['5-minute writes', { cache_creation_5m_input_tokens: M }, 'cacheWrite5m', 5],
    ['1-hour writes', { cache_creation_1h_input_tokens: M }, 'cacheWrite1h', 8],
    ['reads', { cache_read_input_tokens: M }, 'cacheRead', 0.2],
  ] as const)('Opus 5.5 %s', (_name, u, component, dollars) => {
    expect(price('claude-opus-5-5', u)).toMatchObject({ [component]: dollars, total: dollars });
  });

  it('counts cache writes the API did not split by TTL as 5-minute writes', () => {
    const unsplit = usage({ cache_creation_input_tokens: 1000 });
    expect(tokenCounts(unsplit)).toMatchObject({ cacheWrite5m: 1000, cacheWrite1h: 0 });
    expect(callCost('claude-sonnet-4-5', unsplit, { batch: false, at: AT })!.cacheWrite5m).toBe(0.00375);
  });
});

describe('no price is never $0', () => {
  it('is $0 for a priced model that used no tokens', () => {
    expect(price('claude-haiku-4-5', {})?.total).toBe(0);
  });

  it('has no price for models it does not know, or knows to have none', () => {
    for (const model of ['claude-mythos-preview', 'claude-opus-6', 'claude-haiku-4', 'claude-haiku-4-5-fast', 'claude-3-haiku-20240307', 'gpt-4o', '']) {
      expect(price(model, { input_tokens: 10 }), model).toBeUndefined();
    }
  });

  it('has no price for a model on a day before its first rates took effect', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'promptgate-prices-')), 'p.json');
    writeFileSync(
      file,
      JSON.stringify({ models: { 'claude-x-1': { from: '2026-12-01', input: 1, output: 1, cacheWrite5m: 1, cacheWrite1h: 1, cacheRead: 1 } } }),
    );
    withPrices(loadPriceTable(file), () => {
      expect(price('claude-x-1', { input_tokens: 1 }, { at: '2026-11-30' })).toBeUndefined();
      expect(price('claude-x-1', { input_tokens: 1_000_000 }, { at: '2026-12-01' })?.total).toBe(1);
    });
  });
});
