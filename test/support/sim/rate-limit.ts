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

/**
 * Input and output tokens a minute, as the API limits them: buckets refilled continuously up to a
 * minute's worth. A request is admitted while its input fits; its output is charged when answered
 * (the bucket may go below zero: the next requests wait). Headers as the API sends them: each
 * limit's `-limit`, `-remaining` (to the nearest thousand) and `-reset`, and `tokens-*` for the more
 * restrictive of the two.
 */
export interface TokenLimits {
  /** Takes the request's input tokens, or says how long until they fit. */
  admit(now: number, inputTokens: number): { ok: true } | { ok: false; waitMs: number };
  /** Charges an answer's output tokens. */
  charge(now: number, outputTokens: number): void;
  headers(now: number): Record<string, string>;
}

export function createTokenLimits(limits: { itpm?: number | undefined; otpm?: number | undefined }, start: number): TokenLimits | undefined {
  const buckets = (['input', 'output'] as const).flatMap((kind) => {
    const perMinute = kind === 'input' ? limits.itpm : limits.otpm;
    if (perMinute === undefined) return [];
    if (!(perMinute > 0)) throw new RangeError(`${kind === 'input' ? 'itpm' : 'otpm'} must be > 0, got ${perMinute}`);
    return [{ kind, perMinute, perMs: perMinute / 60_000, tokens: perMinute, last: start }];
  });
  if (buckets.length === 0) return undefined;
  type Bucket = (typeof buckets)[number];
  const refill = (b: Bucket, now: number) => {
    b.tokens = Math.min(b.perMinute, b.tokens + Math.max(0, now - b.last) * b.perMs);
    b.last = Math.max(b.last, now);
  };
  const of = (kind: 'input' | 'output') => buckets.find((b) => b.kind === kind);
  const describe = (b: Bucket, now: number) => ({
    limit: String(b.perMinute),
    remaining: String(Math.max(0, Math.round(b.tokens / 1000) * 1000)),
    reset: rfc3339Seconds(now + (b.perMinute - b.tokens) / b.perMs),
  });
  return {
    admit(now, inputTokens) {
      const b = of('input');
      if (!b) return { ok: true };
      refill(b, now);
      const need = Math.min(inputTokens, b.perMinute);
      if (b.tokens >= need) {
        b.tokens -= inputTokens;
        return { ok: true };
      }
      return { ok: false, waitMs: (need - b.tokens) / b.perMs };
    },
    charge(now, outputTokens) {
      const b = of('output');
      if (!b) return;
      refill(b, now);
      b.tokens -= outputTokens;
    },
    headers(now) {
      const out: Record<string, string> = {};
      for (const b of buckets) refill(b, now);
      for (const b of buckets) {
        const d = describe(b, now);
        out[`anthropic-ratelimit-${b.kind}-tokens-limit`] = d.limit;
        out[`anthropic-ratelimit-${b.kind}-tokens-remaining`] = d.remaining;
        out[`anthropic-ratelimit-${b.kind}-tokens-reset`] = d.reset;
      }
      const tightest = buckets.reduce((a, b) => (b.tokens / b.perMinute < a.tokens / a.perMinute ? b : a));
      const d = describe(tightest, now);
      out['anthropic-ratelimit-tokens-limit'] = d.limit;
      out['anthropic-ratelimit-tokens-remaining'] = d.remaining;
      out['anthropic-ratelimit-tokens-reset'] = d.reset;
      return out;
    },
  };
}
