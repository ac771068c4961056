/**
 * What a response says about the account's limits and when to try again: `retry-after-ms`,
 * `retry-after` and the `anthropic-ratelimit-*` headers, read here and nowhere else. The SDK's
 * APIError keeps the headers; CallError keeps only what the result file stores, so live calls throw
 * HintedCallError, which carries both.
 *
 * A gateway may send what the API never does (a fractional or zero limit, a non-RFC 3339 reset): a
 * value that is not a plain finite number in range is dropped, and the caller's bounded backoff applies.
 */
import type { RunError } from '../run-result.ts';
import { CallError } from './types.ts';

/** One of the account's per-minute limits as a response states it. */
export interface LimitState {
  /** Per minute (`anthropic-ratelimit-<name>-limit`). */
  limit?: number;
  remaining?: number;
}

export interface RateLimitState {
  /** Requests per minute the account may make (`anthropic-ratelimit-requests-limit`). */
  requestsLimit?: number;
  requestsRemaining?: number;
  /** Tokens per minute: input, output, and `tokens` (the most restrictive of those in effect). */
  inputTokens?: LimitState;
  outputTokens?: LimitState;
  tokens?: LimitState;
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

/** No server means a wait longer than a day, nor a limit past a billion a minute: past these a value is malformed. */
export const MAX_HINT_MS = 86_400_000;
const MAX_LIMIT = 1e9;

/** A plain decimal number (no hex, no `Infinity`, no empty string as 0), else undefined. */
function numberOf(text: string | null): number | undefined {
  if (text === null || !/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A wait in ms within 0..MAX_HINT_MS, else undefined. */
function waitOf(ms: number | undefined): number | undefined {
  return ms !== undefined && ms >= 0 && ms <= MAX_HINT_MS ? ms : undefined;
}

/** RFC 3339 only (what the API sends); Date.parse alone takes `1.5` for a day in 2001. */
function resetAt(text: string | null): number | undefined {
  if (text === null || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text.trim())) return undefined;
  const at = Date.parse(text.trim());
  return Number.isFinite(at) ? at : undefined;
}

function limitOf(headers: Headers, name: string): LimitState | undefined {
  const rawLimit = numberOf(headers.get(`anthropic-ratelimit-${name}-limit`));
  const rawRemaining = numberOf(headers.get(`anthropic-ratelimit-${name}-remaining`));
  // A limit below one a minute paces a run to a standstill: it is not one the API states.
  const limit = rawLimit !== undefined && rawLimit >= 1 && rawLimit <= MAX_LIMIT ? Math.floor(rawLimit) : undefined;
  const remaining = rawRemaining !== undefined && rawRemaining >= 0 && rawRemaining <= MAX_LIMIT ? Math.floor(rawRemaining) : undefined;
  if (limit === undefined && remaining === undefined) return undefined;
  return {
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining: limit !== undefined ? Math.min(limit, remaining) : remaining } : {}),
  };
}

const TOKEN_LIMITS = [
  ['input-tokens', 'inputTokens'],
  ['output-tokens', 'outputTokens'],
  ['tokens', 'tokens'],
] as const;

export function retryHintOf(headers: Headers | undefined, now = Date.now()): RetryHint {
  if (!headers) return {};
  const hint: RetryHint = {};
  const should = headers.get('x-should-retry');
  if (should === 'true' || should === 'false') hint.shouldRetry = should === 'true';
  const ms = waitOf(numberOf(headers.get('retry-after-ms')));
  const after = headers.get('retry-after');
  const seconds = numberOf(after);
  const date = seconds === undefined && after !== null ? Date.parse(after) : NaN;
  const retryAfterMs = ms ?? (seconds !== undefined ? waitOf(seconds * 1000) : Number.isFinite(date) ? waitOf(Math.max(0, date - now)) : undefined);
  if (retryAfterMs !== undefined) hint.retryAfterMs = retryAfterMs;

  const rateLimit: RateLimitState = {};
  const requests = limitOf(headers, 'requests');
  if (requests?.limit !== undefined) rateLimit.requestsLimit = requests.limit;
  if (requests?.remaining !== undefined) rateLimit.requestsRemaining = requests.remaining;
  for (const [name, key] of TOKEN_LIMITS) {
    const state = limitOf(headers, name);
    if (state) rateLimit[key] = state;
  }
  // The limit that ran out decides the wait: the latest reset among those with nothing remaining.
  for (const name of ['requests', ...TOKEN_LIMITS.map(([n]) => n)]) {
    if (limitOf(headers, name)?.remaining !== 0) continue;
    const reset = resetAt(headers.get(`anthropic-ratelimit-${name}-reset`));
    const inMs = reset === undefined ? undefined : waitOf(Math.max(0, reset - now));
    if (inMs !== undefined) rateLimit.resetInMs = Math.max(rateLimit.resetInMs ?? 0, inMs);
  }
  if (Object.keys(rateLimit).length > 0) hint.rateLimit = rateLimit;
  return hint;
}
