import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { requestKey } from '../../src/canonical-json.ts';
import { writeCassette, type Cassette } from '../../src/cassette/cassette.ts';
import { claude } from '../../src/msw/index.ts';
import { buildMessage } from '../../src/msw/message.ts';
import { streamEventsOf } from '../../src/msw/responses.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => new Anthropic({ apiKey: 'test', maxRetries: 0 });
const params = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hi there' }] };

describe('replies through the real SDK', () => {
  test('text: a whole Message with the requested model, end_turn and plausible usage', async () => {
    server.use(claude.reply('Hello!'));
    const message = await client().messages.create(params);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: 'Hello!' }],
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBe(2);
  });

  test('blocks, model and usage overrides, and the request-id header', async () => {
    server.use(
      claude.reply(
        [
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'Done' },
        ],
        { model: 'claude-sonnet-4-5', usage: { input_tokens: 1000 }, requestId: 'req_42' },
      ),
    );
    const { data, request_id } = await client().messages.create(params).withResponse();
    expect(data.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(data.model).toBe('claude-sonnet-4-5');
    expect(data.usage.input_tokens).toBe(1000);
    expect(request_id).toBe('req_42');
  });

  test('a reply computed from the request', async () => {
    server.use(claude.reply((p) => `you said: ${p.messages.at(-1)!.content as string}`));
    const message = await client().messages.create(params);
    expect(message.content[0]).toMatchObject({ text: 'you said: Hi there' });
  });

  test('toolUse: a tool_use block with stable id, stop_reason tool_use, optional text first', async () => {
    server.use(claude.toolUse('classify_ticket', { category: 'billing', confidence: 0.9 }, { text: 'Let me classify that.' }));
    const a = await client().messages.create(params);
    const b = await client().messages.create(params);
    expect(a.stop_reason).toBe('tool_use');
    expect(a.content[0]).toMatchObject({ type: 'text', text: 'Let me classify that.' });
    expect(a.content[1]).toMatchObject({ type: 'tool_use', name: 'classify_ticket', input: { category: 'billing', confidence: 0.9 } });
    expect((a.content[1] as Anthropic.ToolUseBlock).id).toMatch(/^toolu_/);
    expect((b.content[1] as Anthropic.ToolUseBlock).id).toBe((a.content[1] as Anthropic.ToolUseBlock).id);
  });

  test('json: the value as JSON text, fenced when asked', async () => {
    server.use(claude.json({ name: 'Alice', age: 30 }, { once: true }), claude.json({ ok: true }, { fenced: true }));
    const plain = await client().messages.create(params);
    expect(JSON.parse((plain.content[0] as Anthropic.TextBlock).text)).toEqual({ name: 'Alice', age: 30 });
    const fenced = await client().messages.create(params);
    expect((fenced.content[0] as Anthropic.TextBlock).text).toBe('```json\n{"ok":true}\n```');
  });

  test('a base URL restricts the handler to that host', async () => {
    server.use(claude.reply('gateway', { baseUrl: 'http://gateway.test/anthropic/' }), claude.reply('anywhere'));
    const viaGateway = await new Anthropic({ apiKey: 'test', baseURL: 'http://gateway.test/anthropic' }).messages.create(params);
    expect(viaGateway.content[0]).toMatchObject({ text: 'gateway' });
    expect((await client().messages.create(params)).content[0]).toMatchObject({ text: 'anywhere' });
  });

  test('handlers keep the request bodies they answered', async () => {
    const handler = claude.reply('ok');
    server.use(handler);
    await client().messages.create({ ...params, system: 'Be brief.' });
    expect(handler.requests).toHaveLength(1);
    expect(handler.requests[0]).toMatchObject({ model: 'claude-haiku-4-5', system: 'Be brief.' });
  });

  test('sequence: a tool loop gets the tool call, then the final answer, then a clear error', async () => {
    server.use(claude.sequence(claude.toolUse('lookup_order', { id: 'A-1' }), claude.reply('Your order shipped.')));
    expect((await client().messages.create(params)).stop_reason).toBe('tool_use');
    expect((await client().messages.create(params)).content[0]).toMatchObject({ text: 'Your order shipped.' });
    await expect(client().messages.create(params)).rejects.toThrow(/claude.sequence has 2 answers, and this is request 3/);
  });

  test('a mismatch inside a sequence is kept by the sequence and by the step', async () => {
    const step = claude.reply('x', { expect: { model: 'claude-opus-4-1' } });
    const seq = claude.sequence(step);
    server.use(seq);
    await expect(client().messages.create(params)).rejects.toThrow(/model: expected "claude-opus-4-1"/);
    expect(seq.mismatches).toEqual(['model: expected "claude-opus-4-1", received "claude-haiku-4-5"']);
    expect(step.mismatches).toEqual(seq.mismatches);
  });

  test('sequence refuses a plain msw handler', async () => {
    const { http, HttpResponse } = await import('msw');
    expect(() => claude.sequence(http.post('*/v1/messages', () => HttpResponse.json({})))).toThrow(/handlers made by promptgate\/msw/);
  });

  test('count_tokens: fixed or computed from the request', async () => {
    server.use(
      claude.countTokens(42, { once: true }),
      claude.countTokens((p) => JSON.stringify(p.messages).length),
    );
    expect(await client().messages.countTokens(params)).toEqual({ input_tokens: 42 });
    expect((await client().messages.countTokens(params)).input_tokens).toBe(JSON.stringify(params.messages).length);
  });
});

describe('streaming', () => {
  test('reply answers a streaming request with SSE the SDK assembles, in several deltas', async () => {
    server.use(claude.reply('The quick brown fox jumps over the lazy dog.', { chunkSize: 10 }));
    const deltas: string[] = [];
    const stream = client()
      .messages.stream(params)
      .on('text', (t) => deltas.push(t));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'The quick brown fox jumps over the lazy dog.', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(deltas).toEqual(['The quick ', 'brown fox ', 'jumps over', ' the lazy ', 'dog.']);
  });

  test('a tool call streams as input_json deltas and assembles to the same input', async () => {
    const input = { category: 'bug', note: 'crash 💥 on export', nested: { a: [1, 2, 3] } };
    server.use(claude.toolUse('classify_ticket', input, { chunkSize: 5 }));
    const message = await client().messages.stream(params).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'classify_ticket', input });
    expect(message.stop_reason).toBe('tool_use');
  });

  test('stream() forces SSE even for create({ stream: true }) consumers and keeps usage', async () => {
    server.use(claude.stream('Hi!', { usage: { output_tokens: 7 } }));
    const events: string[] = [];
    for await (const event of await client().messages.create({ ...params, stream: true })) events.push(event.type);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toContain('content_block_delta');
  });

  test('stream() with raw events, ending in an overloaded error event, makes the SDK throw', async () => {
    const message = buildMessage('partial answer', params);
    const events = streamEventsOf(message).slice(0, 3);
    server.use(claude.stream([...events, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]));
    await expect(client().messages.stream(params).finalMessage()).rejects.toThrow(/Overloaded/);
  });
});

describe('cassettes', () => {
  let dir: string;
  const recorded = { ...params, messages: [{ role: 'user', content: 'Recorded question' }] };
  const cassetteFor = (request: Record<string, unknown>, text: string, stream = false): Cassette => {
    const message = buildMessage(text, request);
    return {
      promptgate_cassette: 1,
      key: requestKey(request),
      call: 'demo/case',
      recorded_at: '2026-01-01T00:00:00.000Z',
      request,
      response: { message, ...(stream ? { events: streamEventsOf(message) } : {}) },
      latency_ms: 300,
      request_id: 'req_recorded',
    };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pg-msw-'));
    await writeCassette(path.join(dir, 'demo', 'one.json'), cassetteFor(recorded, 'recorded answer'));
    await writeCassette(
      path.join(dir, 'demo', 'two.json'),
      cassetteFor({ ...recorded, messages: [{ role: 'user', content: 'Second question' }], stream: true }, 'streamed answer', true),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('a cassette file answers any request with its recorded message and request-id', async () => {
    server.use(claude.cassette(path.join(dir, 'demo', 'one.json')));
    const { data, request_id } = await client().messages.create(params).withResponse();
    expect(data.content[0]).toMatchObject({ text: 'recorded answer' });
    expect(request_id).toBe('req_recorded');
  });

  test('strict: a request that is not the recorded one gets a 400 with the diff', async () => {
    server.use(claude.cassette(path.join(dir, 'demo', 'one.json'), { strict: true }));
    await expect(client().messages.create(params)).rejects.toThrow(/~ messages\[0\]\.content: .*Recorded question.*Hi there/s);
    await expect(client().messages.create(recorded as typeof params)).resolves.toMatchObject({ content: [{ text: 'recorded answer' }] });
  });

  test('a folder serves the cassette recorded for each request, streamed ones as their SSE events', async () => {
    server.use(claude.cassette(dir));
    expect((await client().messages.create(recorded as typeof params)).content[0]).toMatchObject({ text: 'recorded answer' });
    const streamed = await client()
      .messages.stream({ ...params, messages: [{ role: 'user', content: 'Second question' }] })
      .finalMessage();
    expect(streamed.content[0]).toMatchObject({ text: 'streamed answer' });
    await expect(client().messages.create(params)).rejects.toThrow(/no cassette of 2 was recorded for this request; closest is/);
  });

  test('a request with no recording is kept in mismatches, for apps that swallow API errors', async () => {
    const recordings = claude.cassette(dir);
    server.use(recordings);
    await client()
      .messages.create(params)
      .catch(() => undefined);
    expect(recordings.mismatches).toHaveLength(1);
    expect(recordings.mismatches[0]).toMatch(
      /^no cassette of 2 was recorded for this request; closest is .*one\.json, which differs:\n\s+~ messages\[0\]\.content/,
    );
  });

  test('a missing path fails when the handler is made, naming the path', () => {
    expect(() => claude.cassette(path.join(dir, 'nope.json'))).toThrow(/no cassette file or folder at .*nope\.json/);
  });
});
