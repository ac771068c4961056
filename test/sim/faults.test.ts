import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Fault, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-key';
const params = { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A simulator whose every message request meets `fault`. */
async function faulty(fault: Fault, timeout = 60_000) {
  sim = await startSimulator({ faults: () => fault });
  return new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0, timeout });
}
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('injected faults surface as the SDK errors a real failure gives', () => {
  it('500 -> InternalServerError with api_error', async () => {
    const error = (await caught((await faulty(500)).messages.create(params))) as APIError;
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect([error.status, error.type, error.requestID]).toEqual([500, 'api_error', 'req_sim000001']);
  });

  it('529 -> OverloadedError with overloaded_error', async () => {
    const error = (await caught((await faulty(529)).messages.create(params))) as APIError;
    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect([error.status, error.type]).toEqual([529, 'overloaded_error']);
  });

  it('429 -> RateLimitError with retry-after', async () => {
    const error = (await caught((await faulty(429)).messages.create(params))) as APIError;
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect([error.headers?.get('retry-after'), error.headers?.get('retry-after-ms')]).toEqual(['1', '1000']);
    expect(sim!.stats.rateLimited).toBe(0); // injected, so counted under faults
    expect(sim!.stats.faults).toEqual({ '429': 1 });
  });

  it('reset -> APIConnectionError (not a timeout)', async () => {
    const error = await caught((await faulty('reset')).messages.create(params));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error).not.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(sim!.stats.byStatus).toEqual({});
  });

  it('stall -> APIConnectionTimeoutError at the client`s timeout; close() still returns', async () => {
    const error = await caught((await faulty('stall', 200)).messages.create(params));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(sim!.stats.faults).toEqual({ stall: 1 });
  });

  it('close() ends a stalled request the client is still waiting on', async () => {
    const c = await faulty('stall');
    const pending = caught(c.messages.create(params));
    // Until the request is in, however long a busy machine takes: past the test's timeout, so that decides.
    for (let i = 0; i < 6_000 && sim!.stats.inFlight === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(sim!.stats.inFlight).toBe(1);
    await sim!.close();
    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('truncated-stream -> the stream throws after message_start, before message_stop', async () => {
    const c = await faulty('truncated-stream');
    const seen: string[] = [];
    const iterate = async () => {
      for await (const event of await c.messages.create({ ...params, stream: true })) seen.push(event.type);
    };
    const error = await caught(iterate());
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('terminated');
    expect(seen).toEqual(['message_start', 'content_block_start']);

    const assembled = await caught(c.messages.stream(params).finalMessage());
    expect(assembled).toBeInstanceOf(Anthropic.AnthropicError);
    expect(sim!.stats.served).toBe(0);
    expect(sim!.stats.byStatus).toEqual({ '200': 2 });
  });

  it('the SDK retries reset/500/529/429 through to the answer; each case is served exactly once', async () => {
    // reset first: it carries no retry-after, so the SDK's own backoff is at its shortest.
    const kinds: Fault[] = ['reset', 500, 529, 429];
    sim = await startSimulator({
      faults: (n) => (n <= 4 ? kinds[n - 1] : undefined),
      faultRetryAfterMs: 1,
    });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 4 });
    const message = await c.messages.create(params);
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: hi', citations: null }]);
    const stats = sim.stats;
    expect(stats.faults).toEqual({ '500': 1, '529': 1, '429': 1, reset: 1 });
    expect([stats.faultsInjected, stats.served]).toEqual([4, 1]);
    expect(stats.promptAttempts).toEqual({ hi: 5 });
    expect(stats.promptServed).toEqual({ hi: 1 });
    expect(sim.requests.map((r) => r.retryCount)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('fault rate', () => {
  async function outcomes(seed: number): Promise<string[]> {
    const s = await startSimulator({ faults: 0.5, seed });
    const c = new Anthropic({ apiKey: KEY, baseURL: s.url, maxRetries: 0 });
    const out: string[] = [];
    for (let i = 0; i < 16; i++) {
      out.push(
        await c.messages.create(params).then(
          () => 'ok',
          (e: APIError) => String(e.status ?? 'conn'),
        ),
      );
    }
    expect(out.filter((o) => o !== 'ok').length).toBe(s.stats.faultsInjected);
    await s.close();
    return out;
  }

  it('is reproducible from the seed and draws from 500, 529, 429 and reset', async () => {
    const a = await outcomes(7);
    expect(await outcomes(7)).toEqual(a);
    expect(await outcomes(8)).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set(['ok', '500', '529', '429', 'conn']));
  });

  it('rejects a rate outside 0..1', async () => {
    await expect(startSimulator({ faults: 1.5 })).rejects.toThrow('faults rate must be within 0..1, got 1.5');
  });
});
