/**
 * The offline count behind --max-cost, when count_tokens cannot be reached: tokenizers differ by
 * model (Sonnet 5's turns the same text into ~30% more tokens than Haiku 4.5's), and a model the
 * table does not know is counted at the most tokens a character, so the estimate errs high.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { tokenCounterWithFallback } from '../../src/runner/cost-estimate.ts';
import { CallError } from '../../src/transport/types.ts';

const unreachable = async (): Promise<number> => {
  throw new CallError({ type: 'not_found_error', message: 'count_tokens is not here', status: 404 });
};

const request = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
  model,
  max_tokens: 100,
  system: 'You route support tickets.',
  messages: [{ role: 'user', content: 'My invoice shows the same charge twice this month. '.repeat(20) }],
});

describe('counting tokens offline', () => {
  it('counts the same request as more tokens on a model with the newer tokenizer, and the most on an unknown model', async () => {
    const warned: string[] = [];
    const count = tokenCounterWithFallback(unreachable, (m) => warned.push(m));
    const chars = JSON.stringify([request('x').system, request('x').messages, []]).length;
    const classic = await count(request('claude-haiku-4-5'));
    const newer = await count(request('claude-sonnet-5'));
    expect(classic).toBe(Math.ceil(chars / 3));
    expect(newer).toBe(Math.ceil(chars / 2.2));
    expect(newer / classic).toBeGreaterThan(1.3);
    expect(await count(request('claude-sonnet-5-20260630'))).toBe(newer);
    expect(await count(request('claude-next-7'))).toBe(newer);
    expect(warned).toEqual(['count_tokens failed (count_tokens is not here); estimating input from characters']);
  });

  it('uses count_tokens, with the request as it is (its own model), whenever it answers', async () => {
    const asked: string[] = [];
    const count = tokenCounterWithFallback(
      async (params) => (asked.push(params.model), 42),
      () => {},
    );
    expect(await count(request('claude-opus-5-5'))).toBe(42);
    expect(asked).toEqual(['claude-opus-5-5']);
  });
});
