/**
 * The one reader of retry-after and `anthropic-ratelimit-*` headers against what a gateway may send:
 * fractions, dates, junk and absurd values. A value it drops leaves the retry to the policy's own
 * bounded backoff; one it keeps is never a wait past a day nor a limit below one a minute.
 */
import { describe, expect, it } from 'vitest';
import { MAX_HINT_MS, retryHintOf, type RetryHint } from '../../src/transport/retry-hint.ts';
import { DEFAULT_RETRY_POLICY, retryDecision } from '../../src/transport/retry-policy.ts';
import { HintedCallError } from '../../src/transport/retry-hint.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const hint = (h: Record<string, string>) => retryHintOf(new Headers(h), NOW);

describe('retry-after', () => {
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after-ms': '0.5' }, 0.5],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0], // a date gone by: now
    [{ 'retry-after': '-1' }, undefined],
    [{ 'retry-after-ms': '-5', 'retry-after': '1' }, 1000], // a bad retry-after-ms falls to retry-after
    [{ 'retry-after': 'NaN' }, undefined],
    [{ 'retry-after': '' }, undefined],
    [{ 'retry-after': 'Infinity' }, undefined],
    [{ 'retry-after': '0x10' }, undefined],
    [{ 'retry-after': '1e12' }, undefined],
    [{ 'retry-after-ms': '1e12' }, undefined],
    [{ 'retry-after': String(MAX_HINT_MS / 1000) }, MAX_HINT_MS],
    [{ 'retry-after': String(MAX_HINT_MS / 1000 + 1) }, undefined],
  ])('%o: %s ms', (headers, ms) => {
    expect(hint(headers).retryAfterMs).toBe(ms);
  });
});

describe('anthropic-ratelimit-*', () => {
  const requests = (limit: string, remaining: string, reset = '2026-01-01T00:00:02Z') => ({
    'anthropic-ratelimit-requests-limit': limit,
    'anthropic-ratelimit-requests-remaining': remaining,
    'anthropic-ratelimit-requests-reset': reset,
  });

  it.each<[string, Record<string, string>, RetryHint['rateLimit']]>([
    ['whole numbers as the API sends them', requests('50', '3'), { requestsLimit: 50, requestsRemaining: 3 }],
    ['used up: the reset says when', requests('50', '0'), { requestsLimit: 50, requestsRemaining: 0, resetInMs: 2000 }],
    ['a fractional limit below one a minute is no limit', requests('0.5', '0.5'), { requestsRemaining: 0, resetInMs: 2000 }],
    ['a fractional limit above one is cut to whole requests', requests('50.9', '3.7'), { requestsLimit: 50, requestsRemaining: 3 }],
    ['remaining above the limit is the limit', requests('50', '80'), { requestsLimit: 50, requestsRemaining: 50 }],
    ['negative, NaN, absurd: dropped', requests('-5', 'NaN'), undefined],
    ['1e12: dropped', requests('1e12', '1e12'), undefined],
    ['a reset that is not RFC 3339 (seconds) is no reset', requests('50', '0', '1.5'), { requestsLimit: 50, requestsRemaining: 0 }],
    ['a reset years away is no reset', requests('50', '0', '2099-01-01T00:00:00Z'), { requestsLimit: 50, requestsRemaining: 0 }],
    ['a reset gone by is now', requests('50', '0', '2025-12-31T23:00:00Z'), { requestsLimit: 50, requestsRemaining: 0, resetInMs: 0 }],
    [
      'token limits, each as stated',
      {
        'anthropic-ratelimit-input-tokens-limit': '40000',
        'anthropic-ratelimit-input-tokens-remaining': '39000',
        'anthropic-ratelimit-output-tokens-limit': '8000',
        'anthropic-ratelimit-output-tokens-remaining': '0',
        'anthropic-ratelimit-output-tokens-reset': '2026-01-01T00:00:07Z',
        'anthropic-ratelimit-tokens-limit': '8000',
        'anthropic-ratelimit-tokens-remaining': '0',
      },
      { inputTokens: { limit: 40000, remaining: 39000 }, outputTokens: { limit: 8000, remaining: 0 }, tokens: { limit: 8000, remaining: 0 }, resetInMs: 7000 },
    ],
  ])('%s', (_, headers, rateLimit) => {
    expect(hint(headers).rateLimit).toEqual(rateLimit);
  });
});

describe('a dropped value leaves the wait to the bounded backoff', () => {
  const policy = DEFAULT_RETRY_POLICY;
  it.each(['-1', 'NaN', '1e12', 'soon'])('retry-after: %s on a 529', (value) => {
    const error = new HintedCallError({ type: 'overloaded_error', message: 'x', status: 529 }, hint({ 'retry-after': value }));
    const decision = retryDecision(error, 1, policy, () => 0.999);
    expect(decision.retry).toBe(true);
    expect(decision.delayMs).toBeLessThanOrEqual(policy.baseDelayMs);
  });
});
