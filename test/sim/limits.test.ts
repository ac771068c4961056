import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-key';
const params = { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
const T0 = Date.parse('2030-01-01T00:00:00Z');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const client = (s: Simulator) => new Anthropic({ apiKey: KEY, baseURL: s.url, maxRetries: 0 });
const fail = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as APIError,
  );

describe('rpm token bucket', () => {
  it('admits one second`s worth, then 429s with retry-after and rate-limit headers', async () => {
    let now = T0;
    sim = await startSimulator({ rpm: 60, now: () => now });
    const c = client(sim);

    const ok = await c.messages.create(params).withResponse();
    expect(ok.response.headers.get('anthropic-ratelimit-requests-limit')).toBe('60');
    expect(ok.response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(ok.response.headers.get('anthropic-ratelimit-requests-reset')).toBe('2030-01-01T00:00:01Z');

    const limited = await fail(c.messages.create(params));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited!.type).toBe('rate_limit_error');
    expect(limited!.headers?.get('retry-after')).toBe('1');
    expect(limited!.headers?.get('retry-after-ms')).toBe('1000');
    expect(limited!.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');

    now += 250; // refill is continuous: a quarter of a token back
    const later = await fail(c.messages.create(params));
    expect(later!.headers?.get('retry-after-ms')).toBe('750');
    expect(later!.headers?.get('retry-after')).toBe('1');

    now += 750;
    expect((await c.messages.create(params)).type).toBe('message');
    expect(sim.stats.rateLimited).toBe(2);
    expect(sim.stats.byStatus).toEqual({ '200': 2, '429': 2 });
  });

  it('caps a burst at the bucket capacity: rpm 600 admits 10 at once, then refuses', async () => {
    const now = T0;
    sim = await startSimulator({ rpm: 600, now: () => now });
    const c = client(sim);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () =>
        c.messages.create(params).then(
          () => 200,
          (e: APIError) => e.status,
        ),
      ),
    );
    expect(outcomes.filter((s) => s === 200)).toHaveLength(10);
    expect(outcomes.filter((s) => s === 429)).toHaveLength(2);
  });

  it('honours a configured burst, and the SDK waits out retry-after-ms and gets through', async () => {
    // 60000 rpm: one token a millisecond, so the SDK's wait is short and real.
    sim = await startSimulator({ rpm: 60_000, burst: 2 });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 5 });
    const results = await Promise.all(Array.from({ length: 4 }, () => c.messages.create(params)));
    expect(results.map((m) => m.type)).toEqual(['message', 'message', 'message', 'message']);
    expect(sim.stats.served).toBe(4);
    expect(sim.stats.promptServed).toEqual({ hi: 4 });
    expect(sim.stats.promptAttempts.hi).toBe(4 + sim.stats.rateLimited);
  });
});

describe('maxConcurrent', () => {
  it('429s a request beyond the in-flight limit and records the concurrency seen', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const bothIn = new Promise<void>((r) => (arrived = r));
    sim = await startSimulator({
      maxConcurrent: 2,
      responder: async () => {
        if (++calls === 2) arrived();
        await gate;
        return 'done';
      },
    });
    const c = client(sim);
    const first = c.messages.create(params);
    const second = c.messages.create(params);
    await bothIn;
    expect(sim.stats.inFlight).toBe(2);
    const third = await fail(c.messages.create(params));
    expect(third!.status).toBe(429);
    expect(third!.apiMessage).toBe('Number of concurrent requests exceeds the limit of 2.');
    release();
    expect((await first).content).toEqual([{ type: 'text', text: 'done', citations: null }]);
    await second;
    const stats = sim.stats;
    expect([stats.rateLimited, stats.maxInFlight, stats.served]).toEqual([1, 3, 2]);
  });
});

describe('latency', () => {
  it('takes latencyMs as a function of the request', async () => {
    const seen: number[] = [];
    sim = await startSimulator({
      latencyMs: (request) => {
        seen.push(request.max_tokens);
        return 5;
      },
    });
    await client(sim).messages.create({ ...params, max_tokens: 7 });
    expect(seen).toEqual([7]);
  });
});
