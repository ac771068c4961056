/**
 * Starts paced to the account's requests-per-minute limit, as the API states it on every response
 * (`anthropic-ratelimit-requests-limit` and `-remaining`): a copy of the server's token bucket,
 * refilled at the limit's rate and set back to what the server said at each response. A start takes
 * a token or waits for one. A late start (busy event loop, slow timer) leaves its token for the
 * next, so the run keeps the limit's rate where fixed spacing would lose each late slot (bench/live.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimitState } from '../transport/retry-hint.ts';

export class RequestPacer {
  private readonly now: () => number;
  /** Refill in requests a ms; 0 until a response names the limit, and then nothing is paced. */
  private perMs = 0;
  private tokens = 0;
  /** The most the server ever said remained: the bucket holds at least that many. */
  private capacity = 1;
  private at = 0;
  /** Whether a response has said how many remain (before that, the bucket's level is unknown). */
  private synced = false;
  /** Starts that took a token not yet there and are waiting for it. */
  private waiting = 0;

  constructor(now: () => number) {
    this.now = now;
  }

  /** What a response's headers said; a response without them (a gateway that drops them) changes nothing. */
  observe(state: RateLimitState | undefined): void {
    const limit = state?.requestsLimit;
    if (limit === undefined || !(limit > 0)) return;
    this.refill();
    this.perMs = limit / 60_000;
    const remaining = state?.requestsRemaining;
    if (remaining === undefined) return;
    this.capacity = Math.max(this.capacity, remaining);
    // One below what the server said, as it counts whole tokens; those waiting have spent theirs.
    const said = Math.min(this.capacity, remaining - 1) - this.waiting;
    // Only ever down, after the first: a response reports the bucket as it was when its headers were
    // written, before the starts made since reached the server; this copy refills at the same rate.
    this.tokens = this.synced ? Math.min(this.tokens, said) : said;
    this.synced = true;
  }

  /** Resolves when a start fits the limit: at once until a response has named it. */
  async take(signal?: AbortSignal): Promise<void> {
    if (this.perMs === 0) return;
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    // Each waiter has claimed its own future token, so they leave one by one, not in a herd.
    this.waiting++;
    try {
      await sleep(-this.tokens / this.perMs, undefined, signal ? { signal } : {});
    } catch (error) {
      this.tokens += 1;
      throw error;
    } finally {
      this.waiting--;
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, now - this.at) * this.perMs);
    this.at = now;
  }
}
