/**
 * Request concurrency that finds the account's limit: p-limit with its `concurrency` moved by AIMD,
 * as TCP does. A 429 cuts it (once per window: only a request sent after the last cut can cause
 * another), successes raise it, and it never exceeds --concurrency. A 429's retry-after pauses new
 * attempts, so the queue waits for the refill instead of hammering. Starts are paced to the
 * requests-per-minute limit from the first answer's headers (request-pacer.ts), not the first 429,
 * which would already have cost a retry; without the headers (some gateways) nothing is paced.
 *
 * Without --concurrency one request goes first, and from its answer the limit follows the rate-limit
 * headers and observed latency (concurrency-target.ts), up to AUTO_CONCURRENCY_MAX.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import pLimit, { type LimitFunction } from 'p-limit';
import type { RateLimitState } from '../transport/retry-hint.ts';
import { AUTO_CONCURRENCY_MAX, concurrencyFor, sustainedRate, UNTOLD_CONCURRENCY, type TokensPerRequest } from './concurrency-target.ts';
import { RequestPacer } from './request-pacer.ts';

const CUT = 0.7;
/** Headroom over what the request limit sustains at the observed latency: an extra 429 is cheap, an idle slot is not. */
const HEADROOM = 1.25;

export class AdaptiveLimit {
  /** The hard ceiling: --concurrency, else AUTO_CONCURRENCY_MAX. */
  readonly max: number;
  /** No --concurrency: the limit follows the rate-limit headers. */
  readonly auto: boolean;
  private readonly limit: LimitFunction;
  private readonly now: () => number;
  private lastCut = -Infinity;
  private successes = 0;
  private latencyMs: number | undefined;
  private pausedUntil = 0;
  /** Where 429s put the limit (AIMD); no bound before the first cut and once grown back to the target. */
  private cap: number;
  /** The most the limit may be: --concurrency, or (auto) what the headers and latency allow, 1 until a first response. */
  private target: number;
  private state: RateLimitState = {};
  private tokens: TokensPerRequest | undefined;
  /** Once a response names the request-per-minute limit, starts are paced to it. */
  private readonly pacer: RequestPacer;

  constructor(max: number | undefined, now: () => number = () => performance.now()) {
    this.auto = max === undefined;
    this.max = max === undefined ? AUTO_CONCURRENCY_MAX : Math.max(1, Math.floor(max));
    this.cap = Infinity;
    this.target = this.auto ? 1 : this.max;
    this.limit = pLimit(this.auto ? 1 : this.max);
    this.now = now;
    this.pacer = new RequestPacer(now);
  }

  get concurrency(): number {
    return this.limit.concurrency;
  }

  /** Runs `fn` in a slot, once any rate-limit pause is over; `fn` gets the time it started. */
  run<T>(fn: (startedAt: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limit(async () => {
      // Bounded: each pass waits out a pause that was set in the past, and pauses are finite.
      for (let wait = this.pausedUntil - this.now(); wait > 0; wait = this.pausedUntil - this.now()) {
        await sleep(wait, undefined, signal ? { signal } : {});
      }
      await this.pacer.take(signal);
      return fn(this.now());
    });
  }

  /** What a response's rate-limit headers said (an answer's or an error's; none behind a gateway that drops them). */
  onRateLimitState(rateLimit: RateLimitState | undefined): void {
    this.pacer.observe(rateLimit);
    if (!this.auto) return;
    // Each limit as last stated: an answer that leaves one out does not forget it.
    if (rateLimit) this.state = { ...this.state, ...rateLimit };
    this.retarget();
  }

  /** An answer; `api` is what it took and used when the API gave it (not a replay). */
  onSuccess(api?: { latencyMs: number; usage?: Anthropic.Usage | undefined }): void {
    if (api) {
      const { latencyMs, usage } = api;
      this.latencyMs = this.latencyMs === undefined ? latencyMs : this.latencyMs * 0.8 + latencyMs * 0.2;
      if (usage) {
        const seen = { input: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0), output: usage.output_tokens };
        const was = this.tokens;
        this.tokens = was ? { input: was.input * 0.8 + seen.input * 0.2, output: was.output * 0.8 + seen.output * 0.2 } : seen;
      }
      if (this.auto) this.retarget();
    }
    if (++this.successes < this.limit.concurrency) return;
    this.successes = 0;
    if (this.cap < this.target) {
      // Back at the target, the cut is over: a target that rises later (slower answers) is followed at once.
      this.cap = this.cap + 1 >= this.target ? Infinity : this.cap + 1;
      this.apply();
    }
  }

  /** A 429 for a request started at `startedAt`; `pauseMs` holds back new attempts. */
  onRateLimited(startedAt: number, pauseMs?: number, rateLimit?: RateLimitState): void {
    if (pauseMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, this.now() + pauseMs);
    this.successes = 0;
    const rpm = rateLimit?.requestsRemaining === 0 ? rateLimit.requestsLimit : undefined;
    if (startedAt < this.lastCut) return;
    this.lastCut = this.now();
    const current = this.limit.concurrency;
    let next = Math.max(1, Math.min(current - 1, Math.floor(current * CUT)));
    // When the request-per-minute limit is what ran out, never cut below what it sustains.
    if (rpm && this.latencyMs) next = Math.max(next, Math.min(current, Math.ceil((rpm / 60_000) * this.latencyMs * HEADROOM)));
    this.cap = next;
    this.apply();
  }

  /** Auto: the limit the stated rates sustain at the observed latency; the untold default when no response stated one. */
  private retarget(): void {
    const rate = sustainedRate(this.state, this.tokens);
    if (rate === undefined) this.target = UNTOLD_CONCURRENCY;
    else if (this.latencyMs !== undefined) this.target = concurrencyFor(rate, this.latencyMs, this.max);
    this.apply();
  }

  private apply(): void {
    this.limit.concurrency = Math.max(1, Math.min(this.cap, this.target));
  }
}
