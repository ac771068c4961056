/**
 * promptgate's one retry policy (the SDK's retries are off): the SDK sleeps inside `send`, holding a
 * concurrency slot through every backoff and hiding each 429 from the adaptive limiter.
 */
import { formatDuration } from '../format/duration.ts';
import { CallError } from './types.ts';
import { HintedCallError } from './retry-hint.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff for 500/529/resets/timeouts without a retry-after: full jitter over base * 2^(n-1), capped. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server-asked wait longer than this is not sat out: the call errors instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

export interface RetryDecision {
  retry: boolean;
  /** How long to wait before the next attempt (never earlier than the server asked). */
  delayMs: number;
  /** A 429: feeds the adaptive limiter and the 429 counter. */
  rateLimited: boolean;
  /** Not retried because the server asked for a longer wait than the policy sits out: how long it asked. */
  askedMs?: number;
}

const RETRY_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 529]);
const RETRY_TYPES = new Set(['timeout', 'connection_error', 'stream_error', 'overloaded_error', 'rate_limit_error', 'api_error']);

/**
 * Retry what a second try can fix: rate limits, overload, server errors, broken or stalled
 * connections. An `x-should-retry` header overrides the status either way, as the SDK obeys it
 * (client.mjs shouldRetry), so a gateway or the API can stop a retry of a 529 or ask for one of a 400.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof CallError)) return false;
  if (error instanceof HintedCallError && error.hint.shouldRetry !== undefined) return error.hint.shouldRetry;
  const { status, type } = error.info;
  if (status !== undefined) return RETRY_STATUS.has(status) || status >= 500;
  return RETRY_TYPES.has(type);
}

/** `attempt` is the 1-based number of the attempt that just failed. */
export function retryDecision(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  const rateLimited = error instanceof CallError && (error.info.status === 429 || error.info.type === 'rate_limit_error');
  if (attempt >= policy.maxAttempts || !isRetryable(error)) return { retry: false, delayMs: 0, rateLimited };
  const hint = error instanceof HintedCallError ? error.hint : {};
  const asked = hint.retryAfterMs ?? (rateLimited ? hint.rateLimit?.resetInMs : undefined);
  if (asked !== undefined) {
    if (asked > policy.maxRetryAfterMs) return { retry: false, delayMs: 0, rateLimited, askedMs: asked };
    // A little jitter on top, never below: waiters woken together would collide on one token.
    return { retry: true, delayMs: Math.ceil(asked + random() * Math.min(250, asked * 0.1 + 10)), rateLimited };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(random() * ceiling), rateLimited };
}

/**
 * The error a call ends with when not retried: if the server asked for a longer wait than the run
 * sits out, the message says how long, so a rate-limit window is not read as an outage.
 */
export function notRetried(error: unknown, decision: RetryDecision, policy: RetryPolicy): unknown {
  if (decision.askedMs === undefined || !(error instanceof CallError)) return error;
  const what = decision.rateLimited ? 'rate limited' : error.info.status !== undefined ? `HTTP ${error.info.status}` : error.info.type;
  const message = `${error.info.message} (${what}: the API asked to wait ${formatDuration(decision.askedMs)} before a retry, more than the ${formatDuration(policy.maxRetryAfterMs)} a run waits for one)`;
  const hint = decision.rateLimited
    ? 'run again once the wait is over, or lower --concurrency to stay under the rate limit'
    : 'run again once the wait is over';
  return new CallError({ ...error.info, message, hint: error.info.hint ?? hint });
}
