/** The most one call can be billed (src/runner/worst-case.ts), rule by rule, from the built-in table. */
import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { worstCall } from '../../src/runner/worst-case.ts';

const request = (over: Partial<Anthropic.MessageCreateParamsNonStreaming>): Anthropic.MessageCreateParamsNonStreaming => ({
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
  ...over,
});
const priced = (w: ReturnType<typeof worstCall>) => callCost(w.model, w.usage, { batch: false });

describe('worstCall', () => {
  it('a count near a tier edge reserves the higher tier (Haiku 5.5: 99,990 counted, over 100,000 at the upper bound)', () => {
    expect(priced(worstCall(request({ model: 'claude-haiku-5-5' }), 99_990, false))?.promptTokensOver).toBe(100_000);
    expect(priced(worstCall(request({ model: 'claude-haiku-5-5' }), 98_000, false))?.promptTokensOver).toBeUndefined();
  });

  it('a prompt the model can cache reserves a write, at the 1-hour rate when any cache_control asks for it (the top-level one too)', () => {
    expect(worstCall(request({}), 5000, false).usage.cache_creation_5m_input_tokens).toBeGreaterThan(5000);
    expect(worstCall(request({ cache_control: { type: 'ephemeral', ttl: '1h' } }), 5000, false).usage.cache_creation_1h_input_tokens).toBeGreaterThan(5000);
    // Under Haiku 4.5's 4,096-token minimum nothing is written: plain input is the worst.
    expect(worstCall(request({ cache_control: { type: 'ephemeral', ttl: '1h' } }), 3000, false).usage).toMatchObject({
      input_tokens: 3094,
      cache_creation_input_tokens: 0,
    });
  });

  it('an unset inference_geo reserves the dearest geography the model accepts; a model that refuses it, none', () => {
    expect(priced(worstCall(request({ model: 'claude-opus-4-6' }), 1000, false))!.geoSurcharge).toBeGreaterThan(0);
    expect(priced(worstCall(request({ model: 'claude-opus-4-6', inference_geo: 'global' }), 1000, false))!.geoSurcharge).toBe(0);
    expect(priced(worstCall(request({}), 1000, false))!.geoSurcharge).toBe(0);
  });

  it('fast mode reserves the fast rates, and with none known the call has no price (so no cap holds it)', () => {
    expect(priced(worstCall(request({ model: 'claude-opus-5', speed: 'fast', inference_geo: 'global' }), 1000, false))).toMatchObject({ fast: true });
    expect(priced(worstCall(request({ model: 'claude-opus-5-5', speed: 'fast' }), 1000, false))).toBeUndefined();
  });

  it('web search at max_uses, or one use per 5 of max_tokens with a note when there is no max_uses', () => {
    const search = (tool: object) => worstCall(request({ tools: [tool as Anthropic.ToolUnion] }), 1000, false);
    expect(search({ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }).usage.server_tool_use).toEqual({
      web_search_requests: 3,
      web_fetch_requests: 0,
    });
    const unbounded = search({ type: 'web_search_20250305', name: 'web_search' });
    expect(unbounded.usage.server_tool_use).toEqual({ web_search_requests: 20, web_fetch_requests: 0 });
    expect(unbounded.notes).toEqual(['web_search has no max_uses: reserved 20 uses (one per 5 of max_tokens 100); set max_uses to reserve less']);
  });
});
