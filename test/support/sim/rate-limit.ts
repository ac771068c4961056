/** A token bucket: `rpm / 60` tokens a second refill continuously up to `capacity`; a request takes one. */
export interface TokenBucket {
  /** Takes a token, or says how long until one is there. */
  take(now: number): { ok: true } | { ok: false; waitMs: number };
  /** The API's `anthropic-ratelimit-requests-*` headers for the bucket's state at `now`. */
  headers(now: number): Record<string, string>;
  /** One token's worth of time, ms. */
  readonly intervalMs: number;
}

export function createTokenBucket(rpm: number, capacity: number, start: number): TokenBucket {
  if (!(rpm > 0)) throw new RangeError(`rpm must be > 0, got ${rpm}`);
  if (!(capacity >= 1)) throw new RangeError(`burst must be >= 1, got ${capacity}`);
  const perMs = rpm / 60_000;
  let tokens = capacity;
  let last = start;
  const refill = (now: number) => {
    tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perMs);
    last = Math.max(last, now);
  };
  return {
    intervalMs: 1 / perMs,
    take(now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true };
      }
      return { ok: false, waitMs: (1 - tokens) / perMs };
    },
    headers(now) {
      refill(now);
      const fullAt = now + (capacity - tokens) / perMs;
      return {
        'anthropic-ratelimit-requests-limit': String(rpm),
        'anthropic-ratelimit-requests-remaining': String(Math.floor(tokens)),
        'anthropic-ratelimit-requests-reset': rfc3339Seconds(fullAt),
      };
    },
  };
}

/** RFC 3339 in whole seconds, rounded up so the reset time is never early. */
function rfc3339Seconds(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
