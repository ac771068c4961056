/**
 * The retry decision at its edges: which statuses retry, the last attempt, the backoff's doubling and
 * cap, and a server-asked wait at, under and over what a run sits out.
 */
import { describe, expect, it } from 'vitest';
import type { RunError } from '../../src/run-result.ts';
import { isRetryable, retryDecision, type RetryPolicy } from '../../src/transport/retry-policy.ts';
import { HintedCallError, type RetryHint } from '../../src/transport/retry-hint.ts';
import { CallError } from '../../src/transport/types.ts';

const err = (info: Partial<RunError>, hint?: RetryHint) => {
  const full: RunError = { type: 'api_error', message: 'x', ...info };
  return hint ? new HintedCallError(full, hint) : new CallError(full);
};

describe('isRetryable', () => {
  it.each<[string, unknown, boolean]>([
    ['not a CallError', new Error('x'), false],
    ['400', err({ status: 400, type: 'invalid_request_error' }), false],
    ['408', err({ status: 408 }), true],
    ['409', err({ status: 409 }), true],
    ['410', err({ status: 410 }), false],
    ['429', err({ status: 429 }), true],
    ['499', err({ status: 499 }), false],
    ['500', err({ status: 500 }), true],
    ['501 (any 5xx)', err({ status: 501 }), true],
    ['529', err({ status: 529 }), true],
    ['no status, a timeout', err({ type: 'timeout' }), true],
    ['no status, an invalid request', err({ type: 'invalid_request_error' }), false],
    ['x-should-retry: false on a 529', err({ status: 529 }, { shouldRetry: false }), false],
    ['x-should-retry: true on a 400', err({ status: 400 }, { shouldRetry: true }), true],
  ])('%s → %s', (_, error, retryable) => {
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe('retryDecision', () => {
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 3000, maxRetryAfterMs: 10_000 };
  const one = () => 1;
  const zero = () => 0;

  it.each<[number, boolean, number]>([
    [1, true, 500],
    [2, true, 1000],
    [3, true, 2000],
    [4, true, 3000], // 4000 capped at maxDelayMs
    [5, false, 0], // the last attempt
    [6, false, 0],
  ])('attempt %i of 5: retry %s after at most %i ms', (attempt, retry, delayMs) => {
    expect(retryDecision(err({ status: 529 }), attempt, policy, one)).toEqual({ retry, delayMs, rateLimited: false });
  });

  it('full jitter: a random 0 waits nothing', () => {
    expect(retryDecision(err({ status: 529 }), 3, policy, zero).delayMs).toBe(0);
  });

  it.each<[string, number, () => number, Partial<{ retry: boolean; delayMs: number; askedMs: number }>]>([
    ['asked 0 ms', 0, one, { retry: true, delayMs: 10 }],
    ['asked 100 ms, jitter 10% + 10 ms', 100, one, { retry: true, delayMs: 120 }],
    ['asked 2400 ms, jitter at its 250 ms cap', 2400, one, { retry: true, delayMs: 2650 }],
    ['asked 2500 ms, jitter capped', 2500, one, { retry: true, delayMs: 2750 }],
    ['asked exactly what a run sits out', 10_000, zero, { retry: true, delayMs: 10_000 }],
    ['asked a millisecond more', 10_001, zero, { retry: false, delayMs: 0, askedMs: 10_001 }],
  ])('%s', (_, retryAfterMs, random, expected) => {
    expect(retryDecision(err({ status: 503 }, { retryAfterMs }), 1, policy, random)).toMatchObject(expected);
  });

  it('a 429 waits for its rate-limit reset; another status backs off instead', () => {
    const hint: RetryHint = { rateLimit: { resetInMs: 5000 } };
    expect(retryDecision(err({ status: 429, type: 'rate_limit_error' }, hint), 1, policy, zero)).toEqual({ retry: true, delayMs: 5000, rateLimited: true });
    expect(retryDecision(err({ status: 529 }, hint), 1, policy, zero)).toEqual({ retry: true, delayMs: 0, rateLimited: false });
  });
});
