/** The API's error statuses and types, so a mocked error makes the SDK raise the same typed error it would in production. */
import { errorResponse } from './responses.ts';

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const MESSAGES: Record<string, string> = {
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  authentication_error: 'invalid x-api-key',
};

export interface ApiErrorOptions {
  /** Default: the API's type for the status (`rate_limit_error` for 429, `overloaded_error` for 529, ...). */
  type?: string;
  message?: string;
  /** Seconds, sent as `retry-after`: the SDK waits this long before its retry instead of its own backoff. */
  retryAfter?: number;
  /** Milliseconds, sent as `retry-after-ms` (the SDK prefers it to `retry-after`). */
  retryAfterMs?: number;
  /** Extra response headers, e.g. `anthropic-ratelimit-requests-remaining`. */
  headers?: Record<string, string>;
}

export function apiErrorResponse(status: number, options: ApiErrorOptions = {}): Response {
  const type = options.type ?? TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const headers: Record<string, string> = { 'request-id': 'req_promptgate_mock', ...options.headers };
  if (options.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  if (options.retryAfterMs !== undefined) headers['retry-after-ms'] = String(options.retryAfterMs);
  return errorResponse(status, type, options.message ?? MESSAGES[type] ?? `mocked ${status} ${type}`, headers);
}
