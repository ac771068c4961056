import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { VERSION as SDK_VERSION } from '@anthropic-ai/sdk/version';
import { afterEach, describe, expect, it } from 'vitest';
import { promptKey, startSimulator, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-key';
const ask = (content: string) => ({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content }] });
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('stats', () => {
  it('counts requests, statuses, routes, faults, prompts and served answers', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    sim = await startSimulator({ rpm: 120, burst: 3, now: () => now, faults: (n) => (n === 2 ? 500 : undefined) });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: APIError) => String(e.status),
      );

    const results = [
      await settle(c.messages.create(ask('alpha'))), // 200
      await settle(c.messages.create(ask('beta'))), // injected 500
      await settle(c.messages.stream(ask('alpha')).finalMessage()), // 200, streamed
      await settle(c.messages.create(ask('gamma'))), // bucket empty: 429
      await settle(c.messages.countTokens({ model: 'claude-haiku-4-5', messages: ask('x').messages })),
      await settle(fetch(`${sim.url}/v1/messages`, { method: 'POST', body: '{}' }).then((r) => r.status)),
      await settle(fetch(`${sim.url}/v1/nowhere`, { headers: { 'x-api-key': KEY } }).then((r) => r.status)),
    ];
    expect(results).toEqual(['ok', '500', 'ok', '429', 'ok', 'ok', 'ok']);

    expect(sim.stats).toEqual({
      requests: 7,
      byRoute: { 'POST /v1/messages': 5, 'POST /v1/messages/count_tokens': 1, unknown: 1 },
      byStatus: { '200': 3, '500': 1, '429': 1, '401': 1, '404': 1 },
      auth: { 'x-api-key': 1, bearer: 5, none: 1 },
      // The SDK's own headers; the two plain fetches send neither.
      byApiVersion: { '2026-10-21': 5, none: 2 },
      bySdkVersion: { [SDK_VERSION]: 5, none: 2 },
      rateLimited: 1,
      faults: { '500': 1 },
      faultsInjected: 1,
      served: 2,
      promptAttempts: { alpha: 2, beta: 1, gamma: 1 },
      promptServed: { alpha: 2 },
      inFlight: 0,
      maxInFlight: 1,
      batchesCreated: 0,
    });
  });

  it('keys a long prompt by a hash of its text', () => {
    const long = 'word '.repeat(100);
    expect(promptKey(ask(long))).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(promptKey(ask('short'))).toBe('short');
  });

  it('hands out snapshots, and reset() starts counters, ids and numbering again', async () => {
    sim = await startSimulator({ faults: (n) => (n === 1 ? 529 : undefined) });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    await c.messages.create(ask('one')).catch(() => undefined);
    const before = sim.stats;
    await c.messages.create(ask('two'));
    expect(before.requests).toBe(1);
    expect(sim.stats.requests).toBe(2);

    sim.reset();
    expect(sim.stats.requests).toBe(0);
    expect(sim.requests).toEqual([]);
    // Numbering restarts: the schedule's request 1 faults again, and ids start over.
    const again = await c.messages.create(ask('three')).catch((e: APIError) => e);
    expect((again as APIError).status).toBe(529);
    expect((await c.messages.create(ask('four'))).id).toBe('msg_sim000001');
  });

  it('keeps only the newest keepRequests requests, bodies without headers', async () => {
    sim = await startSimulator({ keepRequests: 2 });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    for (const word of ['a', 'b', 'c']) await c.messages.create(ask(word));
    expect(sim.requests.map((r) => [r.n, r.method, r.path, (r.body as { messages: Array<{ content: string }> }).messages[0]!.content])).toEqual([
      [2, 'POST', '/v1/messages', 'b'],
      [3, 'POST', '/v1/messages', 'c'],
    ]);
  });
});

describe('close', () => {
  it('cancels a pending latency delay and drops its connection', async () => {
    sim = await startSimulator({ latencyMs: 600_000 });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    const pending = c.messages.create(ask('slow')).catch((e: unknown) => e);
    // Until the request is in, however long a busy machine takes: past the test's timeout, so that decides.
    for (let i = 0; i < 6_000 && sim.stats.inFlight === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await sim.close();
    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
    await sim.close(); // idempotent
  });
});
