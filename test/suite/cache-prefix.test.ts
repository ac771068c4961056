import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { withCachedPrefix } from '../../src/suite/cache-prefix.ts';

const tool = (name: string) => ({ name, description: 'd', input_schema: { type: 'object' as const } });
const base: Anthropic.MessageCreateParamsNonStreaming = { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
const ephemeral = { type: 'ephemeral' };

describe('withCachedPrefix', () => {
  it('cache: true marks the end of the system prompt, the end of the shared prefix', () => {
    const out = withCachedPrefix({ ...base, tools: [tool('a')], system: 'You triage.' }, true);
    expect(out.system).toEqual([{ type: 'text', text: 'You triage.', cache_control: ephemeral }]);
    expect(out.tools).toEqual([tool('a')]);
  });

  it('with no system prompt, the last tool carries the breakpoint', () => {
    const out = withCachedPrefix({ ...base, tools: [tool('a'), tool('b')] }, true);
    expect(out.tools).toEqual([tool('a'), { ...tool('b'), cache_control: ephemeral }]);
  });

  it('unset: a short prefix is left alone, a long one (~2,048 tokens and up) is marked', () => {
    const short = { ...base, system: 'You triage.' };
    expect(withCachedPrefix(short, undefined)).toBe(short);
    const long = { ...base, model: 'claude-sonnet-4-5', system: 'x'.repeat(2048 * 4 + 10) };
    expect(withCachedPrefix(long, undefined).system).toEqual([{ type: 'text', text: long.system, cache_control: ephemeral }]);
  });

  it('unset: below the model\'s own minimum cacheable prefix (Haiku 4.5: 4,096 tokens, schema/prices.json) nothing is marked', () => {
    const under = { ...base, system: 'x'.repeat(2048 * 4 + 10) };
    expect(withCachedPrefix(under, undefined)).toBe(under);
    const over = { ...base, system: 'x'.repeat(4096 * 4 + 10) };
    expect(withCachedPrefix(over, undefined).system).toEqual([{ type: 'text', text: over.system, cache_control: ephemeral }]);
  });

  it('cache: false never marks, and a request with no prefix is left alone', () => {
    const long = { ...base, system: 'x'.repeat(20_000) };
    expect(withCachedPrefix(long, false)).toBe(long);
    expect(withCachedPrefix(base, true)).toBe(base);
  });
});
