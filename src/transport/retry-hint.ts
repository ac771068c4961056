/**
 * What a failed response says about when to try again: `retry-after-ms`, `retry-after` and the
 * `anthropic-ratelimit-*` headers. The SDK's APIError keeps the headers; CallError keeps only what
 * the result file stores, so live calls throw HintedCallError, which carries both.
 */
import type { RunError } from '../run-result.ts';
import { CallError } from './types.ts';

export interface RateLimitState {
  /** Requests per minute the account may make (`anthropic-ratelimit-requests-limit`). */
  requestsLimit?: number;
  requestsRemaining?: number;
  /** Ms from now until the most exhausted limit refills, from its `*-reset` time. */
  resetInMs?: number;
}

export interface RetryHint {
  /** The server asked for this wait (retry-after-ms, else retry-after). */
  retryAfterMs?: number;
  /** `x-should-retry: true|false`: the server's own word on whether to retry, over the status's. */
  shouldRetry?: boolean;
  rateLimit?: RateLimitState;
}

export class HintedCallError extends CallError {
  readonly hint: RetryHint;
  constructor(info: RunError, hint: RetryHint) {
    super(info);
    this.hint = hint;
  }
}

const LIMITS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

export function retryHintOf(headers: Headers | undefined, now = Date.now()): RetryHint {
  if (!headers) return {};
  const hint: RetryHint = {};
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  const after = headers.get('retry-after');
  const should = headers.get('x-should-retry');
  if (should === 'true' || should === 'false') hint.shouldRetry = should === 'true';
  if (Number.isFinite(ms) && ms >= 0) hint.retryAfterMs = ms;
  else if (after) {
    const seconds = Number.parseFloat(after);
    const at = Number.isFinite(seconds) ? now + seconds * 1000 : Date.parse(after);
    if (Number.isFinite(at)) hint.retryAfterMs = Math.max(0, at - now);
  }
  const rateLimit: RateLimitState = {};
  const limit = Number(headers.get('anthropic-ratelimit-requests-limit') ?? NaN);
  const remaining = Number(headers.get('anthropic-ratelimit-requests-remaining') ?? NaN);
  if (Number.isFinite(limit)) rateLimit.requestsLimit = limit;
  if (Number.isFinite(remaining)) rateLimit.requestsRemaining = remaining;
  // The limit that ran out decides the wait: the latest reset among those with nothing remaining.
  for (const name of LIMITS) {
    if (headers.get(`anthropic-ratelimit-${name}-remaining`) !== '0') continue;
    const reset = Date.parse(headers.get(`anthropic-ratelimit-${name}-reset`) ?? '');
    if (Number.isFinite(reset)) rateLimit.resetInMs = Math.max(rateLimit.resetInMs ?? 0, reset - now);
  }
  if (Object.keys(rateLimit).length > 0) hint.rateLimit = rateLimit;
  return hint;
}
