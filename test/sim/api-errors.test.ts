/**
 * The rules over HTTP: the API's error body and request-id header, the SDK error class a client
 * sees, the version read from the header the SDK sends (or the one a client pins), and the same
 * verdict from the route as from `simulatorVerdict`.
 */
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorVerdict, startSimulator, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-0123456789';
const params = { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
/** A body the 1.x SDK's types no longer allow, sent as written (the SDK does not strip fields). */
const withSampling = (extra: Record<string, unknown>, base: object = params) => ({ ...base, ...extra }) as unknown as Anthropic.MessageCreateParamsNonStreaming;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const client = (s: Simulator, version?: string) =>
  new Anthropic({ apiKey: KEY, baseURL: s.url, maxRetries: 0, ...(version ? { defaultHeaders: { 'anthropic-version': version } } : {}) });

const post = (s: Simulator, headers: Record<string, string>, body: unknown, path = '/v1/messages') =>
  fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY, ...headers }, body: JSON.stringify(body) });

describe('API errors from the rules', () => {
  it('a 400 carries the API`s body and request-id header', async () => {
    sim = await startSimulator();
    const res = await post(sim, { 'anthropic-version': '2026-10-21' }, { ...params, temperature: 0 });
    expect(res.status).toBe(400);
    expect(res.headers.get('request-id')).toBe('req_sim000001');
    expect(await res.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'temperature: Extra inputs are not permitted' },
      request_id: 'req_sim000001',
    });
  });

  it('a request without anthropic-version is a 400, as a raw fetch that forgets it gets from the API', async () => {
    sim = await startSimulator();
    const res = await post(sim, {}, params);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Anthropic.ErrorResponse).error).toEqual({ type: 'invalid_request_error', message: 'anthropic-version: header is required' });
  });

  it('the SDK (sending 2026-10-21) sees BadRequestError for sampling, on messages and count_tokens', async () => {
    sim = await startSimulator();
    const error = await client(sim)
      .messages.create(withSampling({ temperature: 1 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).type).toBe('invalid_request_error');
    expect((error as APIError).apiMessage).toBe('temperature: Extra inputs are not permitted');
    expect((error as APIError).requestID).toBe('req_sim000001');

    const counted = await client(sim)
      .messages.countTokens({ model: params.model, messages: params.messages, top_p: 0.5 } as Anthropic.MessageCountTokensParams)
      .catch((e: unknown) => e);
    expect(counted).toBeInstanceOf(Anthropic.BadRequestError);
    expect((counted as APIError).apiMessage).toBe('top_p: Extra inputs are not permitted');
  });

  it('the SDK sees NotFoundError for a model the API does not know', async () => {
    sim = await startSimulator();
    const error = await client(sim)
      .messages.create({ ...params, model: 'claude-nope-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as APIError).error).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'model: claude-nope-1' },
      request_id: 'req_sim000001',
    });
  });

  it('a client pinned to 2023-06-01 may send sampling where the model takes it, and gets the model`s 400 where not', async () => {
    sim = await startSimulator();
    const old = client(sim, '2023-06-01');
    expect((await old.messages.create(withSampling({ temperature: 0 }))).type).toBe('message');
    const error = await old.messages.create(withSampling({ temperature: 0, model: 'claude-sonnet-5-5' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toBe('temperature is deprecated for this model.');
  });

  it('a batch is judged under its create call`s version: one bad request refuses the batch', async () => {
    sim = await startSimulator();
    const requests = [
      { custom_id: 'a', params },
      { custom_id: 'b', params: withSampling({ top_k: 3 }) },
    ];
    const error = await client(sim)
      .messages.batches.create({ requests })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toBe('requests.1.params.top_k: Extra inputs are not permitted');
    expect(sim.stats.batchesCreated).toBe(0);
    expect((await client(sim, '2023-06-01').messages.batches.create({ requests })).processing_status).toBe('in_progress');
  });

  it('the route answers what simulatorVerdict says, status and message', async () => {
    sim = await startSimulator({ now: () => Date.parse('2026-12-06T12:00:00Z') });
    const bodies = [
      params,
      { ...params, temperature: 0.3 },
      { ...params, model: 'claude-opus-5-5', thinking: { type: 'disabled' } },
      { ...params, model: 'claude-haiku-5-5', messages: [...params.messages, { role: 'assistant', content: 'x' }] },
      { ...params, model: 'claude-sonnet-4-5' },
      { ...params, max_tokens: 70_000 },
    ];
    for (const version of ['2023-06-01', '2026-10-21']) {
      for (const body of bodies) {
        const headers = { 'anthropic-version': version };
        const res = await post(sim, headers, body);
        const verdict = simulatorVerdict(headers, body, { day: '2026-12-06' });
        expect(res.status).toBe(verdict.status);
        if (verdict.status !== 200) expect(((await res.json()) as Anthropic.ErrorResponse).error.message).toBe(verdict.message);
        else await res.text();
      }
    }
  });
});
