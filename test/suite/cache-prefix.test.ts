import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { withCachedPrefix } from '../../src/suite/cache-prefix.ts';

const tool = (name: string) => ({ name, description: 'd', input_schema: { type: 'object' as const } });
const base: Anthropic.MessageCreateParamsNonStreaming = { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
const ephemeral = { type: 'ephemeral' };
const long = 'x'.repeat(2048 * 4 + 10);

describe('withCachedPrefix', () => {
  it('cache: true marks the end of the system prompt, the end of the shared prefix', () => {
    const out = withCachedPrefix({ ...base, tools: [tool('a')], system: 'You triage.' }, true);
    expect(out.request.system).toEqual([{ type: 'text', text: 'You triage.', cache_control: ephemeral }]);
    expect(out.request.tools).toEqual([tool('a')]);
    expect(out.added).toBe('system');
  });

  it('with no system prompt, the last tool carries the breakpoint', () => {
    const out = withCachedPrefix({ ...base, tools: [tool('a'), tool('b')] }, true);
    expect(out.request.tools).toEqual([tool('a'), { ...tool('b'), cache_control: ephemeral }]);
    expect(out.added).toBe('tools');
  });

  it('unset: a short prefix is left alone, a long one (~2,048 tokens and up) is marked', () => {
    const short = { ...base, system: 'You triage.' };
    expect(withCachedPrefix(short, undefined)).toEqual({ request: short });
    expect(withCachedPrefix(short, undefined).request).toBe(short);
    const sonnet = { ...base, model: 'claude-sonnet-4-5', system: long };
    expect(withCachedPrefix(sonnet, undefined)).toEqual({
      request: { ...sonnet, system: [{ type: 'text', text: long, cache_control: ephemeral }] },
      added: 'system',
    });
  });

  it("unset: below the model's own minimum cacheable prefix (Haiku 4.5: 4,096 tokens, schema/prices.json) nothing is marked", () => {
    const under = { ...base, system: 'x'.repeat(2048 * 4 + 10) };
    expect(withCachedPrefix(under, undefined).request).toBe(under);
    const over = { ...base, system: 'x'.repeat(4096 * 4 + 10) };
    expect(withCachedPrefix(over, undefined).request.system).toEqual([{ type: 'text', text: over.system, cache_control: ephemeral }]);
  });

  it('cache: false never marks, and a request with no prefix is left alone', () => {
    const longSystem = { ...base, system: 'x'.repeat(20_000) };
    expect(withCachedPrefix(longSystem, false)).toEqual({ request: longSystem });
    expect(withCachedPrefix(base, true)).toEqual({ request: base });
  });

  it('never overrides or adds to a cache_control the suite wrote, wherever it is', () => {
    const hour = { type: 'ephemeral' as const, ttl: '1h' as const };
    const written: Anthropic.MessageCreateParamsNonStreaming[] = [
      // A 1-hour mark on the last system block stays a 1-hour mark.
      {
        ...base,
        system: [
          { type: 'text', text: 'a' },
          { type: 'text', text: long, cache_control: hour },
        ],
      },
      // One on an earlier block: a 5-minute mark after it would be a second breakpoint the suite did not ask for.
      {
        ...base,
        system: [
          { type: 'text', text: long, cache_control: hour },
          { type: 'text', text: 'b' },
        ],
      },
      { ...base, system: long, tools: [{ ...tool('a'), cache_control: hour }] },
      { ...base, system: long, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: hour }] }] },
      { ...base, system: long, cache_control: { type: 'ephemeral' } },
    ];
    for (const request of written) {
      for (const cache of [undefined, true]) {
        const out = withCachedPrefix(request, cache);
        expect(out).toEqual({ request });
        expect(out.request).toBe(request);
      }
    }
  });
});
