/**
 * A tally adds its calls' costs figure by figure (cost-tally.ts names each one): every figure of a
 * call's cost, discount, surcharge and fees included, shows in the tally's sum.
 */
import { describe, expect, it } from 'vitest';
import { tally, TallyBuilder } from '../../reporters/cost-tally.ts';
import { callCost } from '../../src/pricing/cost.ts';
import { usageFrom, type CallRecord } from '../../src/run-result.ts';

const AT = '2026-12-06T12:00:00.000Z';

function call(model: string, usage: Parameters<typeof usageFrom>[0], batch: boolean): CallRecord {
  return { role: 'case', model, usage: usageFrom(usage), latencyMs: 1, batch };
}

describe('tally', () => {
  it('sums every figure of its calls, each of them non-zero in one call or another', () => {
    const calls = [
      call(
        'claude-opus-4-6',
        {
          input_tokens: 1000,
          output_tokens: 200,
          cache_creation_input_tokens: 3000,
          cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
          cache_read_input_tokens: 5000,
          server_tool_use: { web_search_requests: 3, web_fetch_requests: 0 },
          inference_geo: 'us',
        },
        true,
      ),
      call('claude-haiku-4-5', { input_tokens: 70, output_tokens: 9 }, false),
    ];
    const costs = calls.map((c) => callCost(c.model, c.usage, { batch: c.batch, at: AT })!);
    const { usd } = tally(calls, AT);
    for (const figure of Object.keys(usd!) as (keyof NonNullable<typeof usd>)[]) {
      expect(
        costs.some((c) => c[figure] > 0),
        figure,
      ).toBe(true);
      expect(usd![figure], figure).toBeCloseTo(costs[0]![figure] + costs[1]![figure], 12);
    }
    expect(Object.keys(usd!)).toEqual([
      'input',
      'output',
      'cacheWrite5m',
      'cacheWrite1h',
      'cacheRead',
      'batchDiscount',
      'geoSurcharge',
      'serverTools',
      'total',
    ]);
  });

  it('merges builders into the tally of all their calls: a report adds each call once and sums its rows', () => {
    const calls = [
      call('claude-opus-4-6', { input_tokens: 1000, output_tokens: 200, server_tool_use: { web_search_requests: 2, web_fetch_requests: 1 } }, true),
      call('claude-no-such-model', { input_tokens: 5, output_tokens: 5 }, false),
      call('claude-haiku-4-5', { input_tokens: 70, output_tokens: 9, cache_read_input_tokens: 40 }, false),
      call('claude-other-unknown', { input_tokens: 1, output_tokens: 1 }, false),
    ];
    const [first, second] = [calls.slice(0, 2), calls.slice(2)].map((part) => new TallyBuilder(AT).addAll(part));
    const merged = new TallyBuilder(AT).merge(first!).merge(second!).build();
    expect(merged).toEqual(tally(calls, AT));
    expect(merged.unpriced).toEqual({ calls: 2, models: ['claude-no-such-model', 'claude-other-unknown'] });
  });
});
