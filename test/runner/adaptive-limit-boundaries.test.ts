/**
 * The adaptive concurrency at its edges: how far a 429 cuts from each level, when a late 429 is
 * ignored, when successes grow it back, and the floor the request-per-minute limit sets.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../src/runner/adaptive-limit.ts';

const clock = { t: 1000 };
const limit = (max: number) => new AdaptiveLimit(max, () => clock.t);

describe('AdaptiveLimit', () => {
  it.each<[number, number]>([
    [0, 1],
    [1, 1],
    [2.9, 2],
    [4, 4],
  ])('a max of %f is %i', (max, floor) => {
    expect(limit(max).max).toBe(floor);
  });

  it.each<[number, number]>([
    [1, 1], // never below 1
    [2, 1],
    [3, 2],
    [4, 2], // 70%, rounded down
    [10, 7],
  ])('a 429 at %i cuts to %i', (max, next) => {
    const l = limit(max);
    l.onRateLimited(clock.t);
    expect(l.concurrency).toBe(next);
  });

  it('ignores a 429 for a request started before the last cut, not one started at it', () => {
    const l = limit(10);
    l.onRateLimited(clock.t);
    l.onRateLimited(clock.t - 1);
    expect(l.concurrency).toBe(7);
    l.onRateLimited(clock.t);
    expect(l.concurrency).toBe(4);
  });

  it('grows by one after as many successes as its concurrency, up to its max', () => {
    const l = limit(4);
    l.onRateLimited(clock.t);
    const seen = [l.concurrency];
    for (let i = 0; i < 10; i++) {
      l.onSuccess({ latencyMs: 100 });
      seen.push(l.concurrency);
    }
    expect(seen).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4]); // the 9th success would take it past 4
  });

  it.each<[string, { requestsRemaining: number; requestsLimit: number } | undefined, number]>([
    ['no rate-limit state: 70%', undefined, 14],
    ['requests left: 70%', { requestsRemaining: 1, requestsLimit: 960 }, 14],
    ['960/min at 1 s sustains 20 (with headroom): no cut', { requestsRemaining: 0, requestsLimit: 960 }, 20],
    ['720/min sustains 15', { requestsRemaining: 0, requestsLimit: 720 }, 15],
    ['600/min sustains 12.5, under the 70% cut', { requestsRemaining: 0, requestsLimit: 600 }, 14],
  ])('%s', (_, rateLimit, next) => {
    const l = limit(20);
    l.onSuccess({ latencyMs: 1000 });
    l.onRateLimited(clock.t, undefined, rateLimit);
    expect(l.concurrency).toBe(next);
  });
});
