import { inspect } from 'node:util';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-SECRET-0123456789';
const params = { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const post = (s: Simulator, headers: Record<string, string>) =>
  fetch(`${s.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', ...headers },
    body: JSON.stringify(params),
  });

describe('auth', () => {
  it('answers 401 authentication_error in the API error shape when no key is sent', async () => {
    sim = await startSimulator();
    const res = await post(sim, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
      request_id: 'req_sim000001',
    });
    expect(res.headers.get('request-id')).toBe('req_sim000001');
  });

  it('surfaces the 401 as the SDK AuthenticationError', async () => {
    sim = await startSimulator();
    // An explicit null header is the SDK's way to send no credentials at all.
    const c = new Anthropic({ apiKey: null, baseURL: sim.url, maxRetries: 0, defaultHeaders: { authorization: null } });
    const error = await c.messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as APIError).type).toBe('authentication_error');
  });

  it('accepts x-api-key and the SDK`s authorization: Bearer, counting which was used', async () => {
    sim = await startSimulator();
    expect((await post(sim, { 'x-api-key': KEY })).status).toBe(200);
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    await c.messages.create(params);
    expect(sim.stats.auth).toEqual({ 'x-api-key': 1, bearer: 1, none: 0 });
    expect(sim.requests.map((r) => r.auth)).toEqual(['x-api-key', 'bearer']);
  });

  it('with apiKey set, refuses any other key', async () => {
    sim = await startSimulator({ apiKey: KEY });
    const wrong = new Anthropic({ apiKey: 'sk-ant-other', baseURL: sim.url, maxRetries: 0 });
    const error = await wrong.messages.create(params).catch((e: unknown) => e);
    expect((error as APIError).status).toBe(401);
    expect((error as APIError).apiMessage).toBe('invalid x-api-key');
    const right = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    expect((await right.messages.create(params)).type).toBe('message');
  });

  it('takes x-api-key over Authorization when both are sent, as the API does', async () => {
    sim = await startSimulator({ apiKey: KEY });
    expect((await post(sim, { 'x-api-key': KEY, authorization: 'Bearer sk-ant-other' })).status).toBe(200);
    expect((await post(sim, { 'x-api-key': 'sk-ant-other', authorization: `Bearer ${KEY}` })).status).toBe(401);
    expect(sim.stats.auth).toEqual({ 'x-api-key': 2, bearer: 0, none: 0 });
  });

  it('never keeps the key: not in stats, the request log, batch results or anything reachable from the simulator', async () => {
    sim = await startSimulator({ apiKey: KEY, batchDelayMs: 0 });
    const c = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 0 });
    await c.messages.create(params);
    await c.messages.stream(params).finalMessage();
    await c.messages.countTokens({ model: params.model, messages: params.messages });
    const batch = await c.messages.batches.create({ requests: [{ custom_id: 'a', params }] });
    const lines: unknown[] = [];
    for await (const line of await c.messages.batches.results(batch.id)) lines.push(line);
    await post(sim, { 'x-api-key': KEY });

    expect(sim.stats.requests).toBe(7);
    const everything = [
      JSON.stringify(sim.stats),
      JSON.stringify(sim.requests),
      JSON.stringify(lines),
      inspect(sim, { depth: Infinity, getters: true, showHidden: true }),
    ].join('\n');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('SECRET');
  });
});
