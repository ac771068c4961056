/**
 * A price tier's edge (a prompt over `promptTokensOver` pays the higher band on every token; at it,
 * the lower) and a dated price's edge (new rates from their `from` day on, UTC).
 */
import { describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { priceFor } from '../../src/pricing/price-table.ts';
import { usageFrom } from '../../src/run-result.ts';
import type Anthropic from '@anthropic-ai/sdk';

// claude-haiku-5-5 (schema/prices.json): $0.10 / $0.50 a million in and out, $0.50 / $2.50 over 100,000 prompt tokens
it.each<[string, Partial<Anthropic.Usage>, number, number | undefined]>([
  ['no tokens', { input_tokens: 0 }, 0, undefined],
  ['at the edge: lower band', { input_tokens: 100_000 }, 0.01, undefined],
  ['one token over: higher band on all of it', { input_tokens: 100_001 }, 0.0500005, 100_000],
  ['output does not count toward the edge', { input_tokens: 100_000, output_tokens: 10 }, 0.010005, undefined],
  ['cache reads count toward the edge', { input_tokens: 99_999, cache_read_input_tokens: 2 }, 0.0499996, 100_000],
  ['cache writes count toward the edge', { input_tokens: 99_999, cache_creation_input_tokens: 2 }, 0.05000075, 100_000],
])('%s', (_, usage, total, over) => {
  const cost = callCost('claude-haiku-5-5', usageFrom(usage), { batch: false })!;
  expect([cost.total, cost.promptTokensOver]).toEqual([total, over]);
});

// claude-sonnet-5-5 (schema/prices.json): cache reads $0.20 a million until 2026-10-06, $0.10 from 2026-10-07
describe('the day a dated price starts', () => {
  it.each<[string, string | undefined, number]>([
    ['2026-10-06T23:59:59.999Z', undefined, 0.2],
    ['2026-10-07T00:00:00.000Z', '2026-10-07', 0.1],
    ['2026-10-08T00:00:00.000Z', '2026-10-07', 0.1],
  ])('%s', (at, from, cacheRead) => {
    const row = priceFor('claude-sonnet-5-5', at)!.row;
    expect([row.from, row.cacheRead]).toEqual([from, cacheRead]);
  });
});
