import { describe, expect, it } from 'vitest';
import { registry } from '../../src/assertions/registry.ts';
import { output, run } from './fixture.ts';

const out = output('Two words', {
  message: {
    stop_reason: 'max_tokens',
    usage: { input_tokens: 100, output_tokens: 300, cache_read_input_tokens: 50, cache_creation_input_tokens: 0 } as never,
  },
  latencyMs: 1234.4,
  costUsd: 0.0012345,
});

describe('limits', () => {
  it('stop_reason: one or several', async () => {
    expect(await run('stop_reason', 'end_turn', out)).toMatchObject({ pass: false, reason: 'expected stop_reason end_turn, got max_tokens' });
    expect(await run('stop_reason', ['end_turn', 'max_tokens'], out)).toMatchObject({ pass: true, reason: 'stop_reason is max_tokens' });
    expect(registry.get('stop_reason')!.check!(['end_trun'], { suiteDir: '.', grader: {} })).toEqual([
      "unknown stop reason 'end_trun' (did you mean 'end_turn'?); known: end_turn, max_tokens, stop_sequence, tool_use, pause_turn, refusal, model_context_window_exceeded",
    ]);
  });

  it('token ceilings; cached prompt tokens count and are named', async () => {
    expect(await run('max_output_tokens', 256, out)).toMatchObject({
      pass: false,
      reason: 'the answer used 300 tokens, over the limit of 256 tokens',
      expected: '<= 256 tokens',
      actual: '300 tokens',
    });
    expect(await run('max_output_tokens', 300, out)).toMatchObject({ pass: true, reason: 'the answer used 300 tokens, within the limit of 300 tokens' });
    expect(await run('max_input_tokens', 120, out)).toMatchObject({
      pass: false,
      reason: 'the prompt used 150 tokens (100 uncached + 0 cache write + 50 cache read), over the limit of 120 tokens',
    });
    expect(await run('max_input_tokens', 200, output('x'))).toMatchObject({ pass: true, reason: 'the prompt used 120 tokens, within the limit of 200 tokens' });
  });

  it("max_cost_usd at a limit the dollars of a tool loop's steps sum to, in floating point a hair over", async () => {
    const steps = output('done', { costUsd: 0.000053 + 0.000106 });
    expect(await run('max_cost_usd', 0.000159, steps)).toMatchObject({ pass: true, reason: 'the call cost $0.000159, within the limit of $0.000159' });
    expect(await run('max_cost_usd', 0.000158, steps)).toMatchObject({ pass: false });
  });

  it('max_cost_usd over a limit that prints alike gives the figures as they are', async () => {
    const close = output('x', { costUsd: 0.0000071 });
    expect(await run('max_cost_usd', 0.0000069, close)).toMatchObject({
      pass: false,
      reason: 'the call cost $0.000007 (0.0000071), over the limit of $0.000007 (0.0000069)',
    });
  });

  it('max_cost_usd, and an unknown price is a failure that says so', async () => {
    expect(await run('max_cost_usd', 0.001, out)).toMatchObject({ pass: false, reason: 'the call cost $0.001235, over the limit of $0.001' });
    expect(await run('max_cost_usd', 0.01, out)).toMatchObject({ pass: true, reason: 'the call cost $0.001235, within the limit of $0.01' });
    const unpriced = output('x', { costUsd: undefined, message: { model: 'claude-future-9' } });
    expect(await run('max_cost_usd', 0.01, unpriced)).toMatchObject({
      pass: false,
      reason: 'no price known for model claude-future-9, so its cost cannot be checked against $0.01',
      actual: 'unknown',
    });
  });

  it('max_latency_ms', async () => {
    expect(await run('max_latency_ms', 1000, out)).toMatchObject({ pass: false, reason: 'the call took 1234 ms, over the limit of 1000 ms' });
    expect(await run('max_latency_ms', 2000, out)).toMatchObject({ pass: true });
  });

  it('length in characters (code points) and words', async () => {
    expect(await run('length', { max_words: 1 }, out)).toMatchObject({ pass: false, reason: 'output has 2 words (expected <= 1)' });
    expect(await run('length', { min_chars: 5, max_chars: 9, min_words: 2 }, out)).toMatchObject({
      pass: true,
      reason: 'output has 9 characters (within 5..9) and 2 words (within >= 2)',
    });
    expect(await run('length', { max_chars: 2 }, '👍🏽!')).toMatchObject({ pass: false, reason: 'output has 3 characters (expected <= 2)' });
    expect(registry.get('length')!.check!({ min_chars: 9, max_chars: 2 }, { suiteDir: '.', grader: {} })).toEqual(['min_chars 9 is more than max_chars 2']);
  });
});
