/**
 * The concurrency a run without --concurrency keeps, as a function of what responses said: each row
 * is a sequence of responses (their headers, read by the one parser, and latency and usage), and the
 * limit after them. No timers: the clock is fake and nothing is sent.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../src/runner/adaptive-limit.ts';
import { AUTO_CONCURRENCY_MAX, UNTOLD_CONCURRENCY } from '../../src/runner/concurrency-target.ts';
import { retryHintOf } from '../../src/transport/retry-hint.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

interface Response {
  headers?: Record<string, string>;
  latencyMs: number;
  input?: number;
  output?: number;
}

const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output }) as Anthropic.Usage;

function after(responses: Response[], max?: number): number {
  const limit = new AdaptiveLimit(max, () => 0);
  for (const r of responses) {
    limit.onRateLimitState(r.headers ? retryHintOf(new Headers(r.headers), NOW).rateLimit : undefined);
    limit.onSuccess({ latencyMs: r.latencyMs, usage: usage(r.input ?? 10, r.output ?? 10) });
  }
  return limit.concurrency;
}

const requests = (limit: number | string, remaining: number | string = limit) => ({
  'anthropic-ratelimit-requests-limit': String(limit),
  'anthropic-ratelimit-requests-remaining': String(remaining),
  'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z',
});
const tokens = (kind: 'input-tokens' | 'output-tokens' | 'tokens', limit: number) => ({
  [`anthropic-ratelimit-${kind}-limit`]: String(limit),
  [`anthropic-ratelimit-${kind}-remaining`]: String(limit),
  [`anthropic-ratelimit-${kind}-reset`]: '2026-01-01T00:00:01Z',
});

describe('the limit without --concurrency, from headers and latency', () => {
  it.each<[string, Response[], number]>([
    ['no response yet: one request goes first', [], 1],
    ['an answer without rate-limit headers (a gateway drops them): the untold default', [{ latencyMs: 200 }], UNTOLD_CONCURRENCY],
    // 50 a second x 0.2 s x 1.5 margin.
    ['3,000 a minute at 200 ms', [{ headers: requests(3000), latencyMs: 200 }], 15],
    ['600 a minute at 200 ms', [{ headers: requests(600), latencyMs: 200 }], 3],
    ['tier 1, 50 a minute at 200 ms: never a burst', [{ headers: requests(50), latencyMs: 200 }], 1],
    ['tier 1 at 5 s a call', [{ headers: requests(50), latencyMs: 5000 }], 7],
    [
      'latency grows: the limit follows (EWMA)',
      [
        { headers: requests(3000), latencyMs: 200 },
        { headers: requests(3000), latencyMs: 1200 },
      ],
      30,
    ],
    ['a limit stated once is kept when a later answer leaves it out', [{ headers: requests(3000), latencyMs: 200 }, { latencyMs: 200 }], 15],
    ['capped: 4,000 a minute at 60 s a call', [{ headers: requests(4000), latencyMs: 60_000 }], AUTO_CONCURRENCY_MAX],
    // 400,000 / 60 / 1,000 a request = 6.7 a second, under the 50 the request limit allows.
    ['input tokens bind', [{ headers: { ...requests(3000), ...tokens('input-tokens', 400_000) }, latencyMs: 1000, input: 1000 }], 10],
    // 80,000 / 60 / 500 = 2.7 a second, at 2 s.
    ['output tokens bind', [{ headers: { ...requests(3000), ...tokens('output-tokens', 80_000) }, latencyMs: 2000, output: 500 }], 8],
    [
      'tokens alone (a gateway) count input and output',
      [{ headers: { ...requests(3000), ...tokens('tokens', 120_000) }, latencyMs: 2000, input: 1000, output: 1000 }],
      3,
    ],
    [
      'tokens repeat the tighter of input and output: not counted twice',
      [{ headers: { ...requests(3000), ...tokens('input-tokens', 400_000), ...tokens('tokens', 400_000) }, latencyMs: 1000, input: 500, output: 500 }],
      20,
    ],
    ['a fractional limit (0.5 a minute) is not one: untold', [{ headers: requests('0.5', '0.5'), latencyMs: 200 }], UNTOLD_CONCURRENCY],
    ['a limit of 1e12 is not one: untold', [{ headers: requests('1e12'), latencyMs: 200 }], UNTOLD_CONCURRENCY],
    ['NaN and empty limits: untold', [{ headers: requests('NaN', ''), latencyMs: 200 }], UNTOLD_CONCURRENCY],
  ])('%s', (_, responses, expected) => {
    expect(after(responses)).toBe(expected);
  });

  it('--concurrency is a hard ceiling: headers that allow 15 and a thousand answers leave it where it was', () => {
    const limit = new AdaptiveLimit(3, () => 0);
    for (let i = 0; i < 1000; i++) {
      limit.onRateLimitState(retryHintOf(new Headers(requests(3000)), NOW).rateLimit);
      limit.onSuccess({ latencyMs: 200, usage: usage(10, 10) });
      expect(limit.concurrency).toBe(3);
    }
    // After a 429 cut it grows back to the ceiling, not past it.
    limit.onRateLimited(0);
    for (let i = 0; i < 1000; i++) limit.onSuccess({ latencyMs: 200, usage: usage(10, 10) });
    expect(limit.concurrency).toBe(3);
  });

  it('a 429 cuts below the target, and successes grow it back to the target, not past it', () => {
    let t = 0;
    const limit = new AdaptiveLimit(undefined, () => t);
    const told = () => retryHintOf(new Headers(requests(3000)), NOW).rateLimit;
    limit.onRateLimitState(told());
    limit.onSuccess({ latencyMs: 200, usage: usage(10, 10) });
    expect(limit.concurrency).toBe(15);
    t = 10;
    limit.onRateLimited(t);
    expect(limit.concurrency).toBe(10);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      limit.onRateLimitState(told());
      limit.onSuccess({ latencyMs: 200, usage: usage(10, 10) });
      seen.add(limit.concurrency);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15]);
    // Grown back, the cut is over: slower answers raise the limit at once (0.4 s on average: 30).
    limit.onSuccess({ latencyMs: 1200, usage: usage(10, 10) });
    expect(limit.concurrency).toBe(30);
  });
});
