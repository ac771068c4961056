/** Prices beyond tokens: server tools, fast mode, inference_geo; Fable 5.2's rows; usage made safe where it enters. */
import { describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { minCacheablePrefix, priceTable } from '../../src/pricing/price-table.ts';
import { usageFrom } from '../../src/run-result.ts';
import { costMarkdown, costReport } from '../../reporters/cost.ts';
import { violationsOf } from '../../src/shipped-schema.ts';
import { realisticRun } from '../reporters/fixtures.ts';

const AT = '2026-12-06';
const cost = (model: string, u: Parameters<typeof usageFrom>[0]) => callCost(model, usageFrom(u), { batch: false, at: AT });
const M = 1_000_000;

describe('server tools', () => {
  it('a web search costs $10 per 1,000 on top of its tokens; a fetch only its tokens', () => {
    // Haiku 4.5: 1,000 in x $1 + 100 out x $5 = $0.0015, then 3 searches x $0.01.
    const searched = cost('claude-haiku-4-5', { input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 3, web_fetch_requests: 2 } });
    expect(searched).toMatchObject({ serverTools: 0.03, total: 0.0315 });
    expect(
      cost('claude-haiku-4-5', { input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 0, web_fetch_requests: 2 } }),
    ).toMatchObject({ serverTools: 0, total: 0.0015 });
  });

  it('keeps the counts in the results usage only when there were some', () => {
    expect(usageFrom({ input_tokens: 1, server_tool_use: { web_search_requests: 2, web_fetch_requests: 0 } }).server_tool_use).toEqual({
      web_search_requests: 2,
      web_fetch_requests: 0,
    });
    expect(usageFrom({ input_tokens: 1, server_tool_use: null })).not.toHaveProperty('server_tool_use');
  });

  it('names the source and the day checked of each fee, and that only third parties gave it', () => {
    const { web_search_requests: search } = priceTable().serverTools;
    expect(search).toMatchObject({ usdPer1000: 10, checked: '2026-12-06', thirdParty: ['usdPer1000'] });
    expect(search!.source).toMatch(/^https:\/\/platform\.claude\.com\//);
  });
});

describe('fast mode and inference_geo', () => {
  it("fast mode is priced at the model row's own fast rates, and a model without them has no price (never the standard one)", () => {
    // Opus 5 fast: $10 / $50.
    expect(cost('claude-opus-5', { input_tokens: M, output_tokens: M, speed: 'fast' })).toMatchObject({ fast: true, input: 10, output: 50, total: 60 });
    expect(cost('claude-opus-5', { input_tokens: M, output_tokens: M, speed: 'standard' })?.total).toBe(30);
    expect(cost('claude-opus-5-5', { input_tokens: M, speed: 'fast' })).toBeUndefined();
  });

  it('US-only inference adds 10% on the tokens (not the search fee); global adds nothing; an unknown geography has no price', () => {
    // Opus 4.6: 1M in = $5, + 10% = $5.50, + one search.
    expect(cost('claude-opus-4-6', { input_tokens: M, inference_geo: 'us', server_tool_use: { web_search_requests: 1, web_fetch_requests: 0 } })).toMatchObject(
      { input: 5, geoSurcharge: 0.5, serverTools: 0.01, total: 5.51 },
    );
    expect(cost('claude-opus-4-6', { input_tokens: M, inference_geo: 'global' })).toMatchObject({ geoSurcharge: 0, total: 5 });
    expect(cost('claude-opus-4-6', { input_tokens: M, inference_geo: 'mars' })).toBeUndefined();
  });
});

describe('the 2026-11-09 models and the minimum cacheable prefix', () => {
  it("prices Fable 5.2 and Mythos 5.2 at $8 in / $40 out, their cache rates marked as third parties' figures", () => {
    for (const model of ['claude-fable-5-2', 'claude-mythos-5-2']) {
      expect(cost(model, { input_tokens: M, output_tokens: M })?.total, model).toBe(48);
      expect(priceTable().models.get(model)![0]!.thirdParty).toEqual(['cacheWrite5m', 'cacheWrite1h', 'cacheRead']);
    }
  });

  it('gives each listed model its minimum cacheable prefix (dated ids too), and an unlisted one the smallest listed', () => {
    expect(minCacheablePrefix('claude-haiku-4-5')).toBe(4096);
    expect(minCacheablePrefix('claude-haiku-4-5-20251001')).toBe(4096);
    expect(minCacheablePrefix('claude-sonnet-4')).toBe(1024); // an alias
    expect(minCacheablePrefix('claude-haiku-5-5')).toBe(512);
  });
});

describe('usage as it enters', () => {
  it('is never negative, fractional or NaN, so a cost is never negative', () => {
    const u = usageFrom({
      input_tokens: -5000,
      output_tokens: 2.5,
      cache_read_input_tokens: Number.NaN,
      cache_creation_input_tokens: -10,
      cache_creation: { ephemeral_5m_input_tokens: -10, ephemeral_1h_input_tokens: 7 },
      server_tool_use: { web_search_requests: -3, web_fetch_requests: 0 },
    });
    expect(u).toEqual({
      input_tokens: 0,
      output_tokens: 3,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_5m_input_tokens: 0,
      cache_creation_1h_input_tokens: 7,
    });
    expect(callCost('claude-haiku-4-5', u, { batch: false })!.total).toBeGreaterThanOrEqual(0);
  });
});

describe('the cost table', () => {
  it('shows one model as one row whether it answered under an alias or a dated id', () => {
    const run = realisticRun();
    const calls = run.suites[0]!.cases[0]!.samples[0]!.calls;
    calls.push({ ...calls[0]!, model: `${calls[0]!.model}-20251001` });
    const rows = costReport(run).byModel.filter((m) => m.role === calls[0]!.role && m.model.startsWith(calls[0]!.model));
    expect(rows.map((m) => m.model)).toEqual([calls[0]!.model]);
  });

  it('has a Server tools column when a call searched, and the results file keeps the counts (results.schema.json)', () => {
    const run = realisticRun();
    const calls = run.suites[0]!.cases[0]!.samples[0]!.calls;
    calls[0] = { ...calls[0]!, usage: { ...calls[0]!.usage, server_tool_use: { web_search_requests: 3, web_fetch_requests: 0 } } };
    const md = costMarkdown(run);
    expect(md).toMatch(/\| Model \| Role \| Calls \| Input \| Output \| Cache write 5m \| Cache write 1h \| Cache read \| Server tools \| Total \|/);
    expect(md).toMatch(/\| \*\*Total\*\* \|.*\| 3 searches · \$0\.03 \|/);
    expect(violationsOf('results.schema.json', run)).toEqual([]);
  });
});
