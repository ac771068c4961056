import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { pausingResponder, startSimulator, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-SECRET-0123456789';
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const client = (s: Simulator) => new Anthropic({ apiKey: KEY, baseURL: s.url, maxRetries: 0 });

const base = {
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  system: 'abcd',
  messages: [{ role: 'user' as const, content: 'efghijkl' }],
};

/** What the two routes may differ in: the message id, and the parse helper's field. */
function comparable(message: Anthropic.Message): unknown {
  const { id: _id, parsed_output: _parsed, ...rest } = message as Anthropic.Message & { parsed_output?: unknown };
  return JSON.parse(JSON.stringify(rest));
}

describe('POST /v1/messages', () => {
  it('returns a whole Message echoing the model, with deterministic usage and a request-id', async () => {
    sim = await startSimulator();
    const { data, response } = await client(sim).messages.create(base).withResponse();
    expect(data).toEqual({
      id: 'msg_sim000001',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: 'Echo: efghijkl', citations: null }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: 3, // 'abcd' + 'efghijkl' = 12 chars
        output_tokens: 4, // 'Echo: efghijkl' = 14 chars
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        server_tool_use: null,
        service_tier: 'standard',
        inference_geo: null,
        output_tokens_details: null,
        speed: 'standard',
      },
    });
    expect(response.headers.get('request-id')).toBe('req_sim000001');
  });

  it('streams SSE frames in the API order, and the SDK assembles the non-streaming message', async () => {
    sim = await startSimulator();
    const c = client(sim);
    const whole = await c.messages.create(base);

    const types: string[] = [];
    const texts: string[] = [];
    for await (const event of await c.messages.create({ ...base, stream: true })) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') texts.push(event.delta.text);
    }
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(texts.join('')).toBe('Echo: efghijkl');

    const streamed = await c.messages.stream(base).finalMessage();
    expect(comparable(streamed)).toEqual(comparable(whole));
    expect(streamed.id).toBe('msg_sim000003');
  });

  it('frames each event as `event: <type>` then `data: <json>` and a blank line', async () => {
    sim = await startSimulator();
    const res = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...base, stream: true }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames.map((f) => f.split('\n')[0])).toEqual([
      'event: message_start',
      'event: content_block_start',
      'event: ping',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: message_delta',
      'event: message_stop',
    ]);
    const delta = frames[5]!.split('\n')[1]!;
    expect(JSON.parse(delta.slice('data: '.length))).toMatchObject({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 4 },
    });
  });

  const classify: Anthropic.Tool = {
    name: 'classify_ticket',
    description: 'Classify a support ticket',
    input_schema: {
      type: 'object',
      properties: {
        category: { type: 'string', enum: ['billing', 'technical'] },
        confidence: { type: 'number', minimum: 0.8, maximum: 1 },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['category', 'confidence'],
    },
  };

  it('answers a forced tool_choice with a tool_use whose input fits the schema, streamed the same', async () => {
    sim = await startSimulator();
    const c = client(sim);
    const params = {
      ...base,
      tools: [classify],
      tool_choice: { type: 'tool' as const, name: 'classify_ticket' },
    };
    const whole = await c.messages.create(params);
    expect(whole.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_sim000001',
        name: 'classify_ticket',
        input: { category: 'billing', confidence: 0.8, tags: ['sample tags'] },
        caller: { type: 'direct' },
      },
    ]);
    expect(whole.stop_reason).toBe('tool_use');

    const deltas: string[] = [];
    const stream = c.messages.stream(params);
    stream.on('inputJson', (partial) => deltas.push(partial));
    const streamed = await stream.finalMessage();
    expect(deltas.join('')).toBe('{"category":"billing","confidence":0.8,"tags":["sample tags"]}');
    expect(deltas.length).toBe(4); // 16-char input_json_delta chunks
    expect(comparable({ ...streamed, content: streamed.content.map((b) => ({ ...b, id: 'x' })) })).toEqual(
      comparable({ ...whole, content: whole.content.map((b) => ({ ...b, id: 'x' })) }),
    );
  });

  it('calls a tool with tool_choice auto when the prompt names it, and not otherwise', async () => {
    sim = await startSimulator();
    const c = client(sim);
    const named = await c.messages.create({
      ...base,
      tools: [classify],
      messages: [{ role: 'user', content: 'Please classify ticket #4' }],
    });
    expect(named.content.map((b) => b.type)).toEqual(['tool_use']);
    const plain = await c.messages.create({ ...base, tools: [classify] });
    expect(plain.content).toEqual([{ type: 'text', text: 'Echo: efghijkl', citations: null }]);
    expect(plain.stop_reason).toBe('end_turn');
  });

  it('uses the responder: text, tool_use, thinking and an explicit stop_reason', async () => {
    sim = await startSimulator({
      responder: () => ({
        content: [
          { type: 'thinking', thinking: 'The user wants weather.' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', name: 'get_weather', input: { city: 'Paris' }, id: 'toolu_fixed' },
        ],
        stop_reason: 'pause_turn',
      }),
    });
    const c = client(sim);
    const whole = await c.messages.create(base);
    expect(whole.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(whole.content[2]).toMatchObject({ id: 'toolu_fixed', name: 'get_weather', input: { city: 'Paris' } });
    expect(whole.stop_reason).toBe('pause_turn');
    // 23 + 9 + 'get_weather'.length 11 + '{"city":"Paris"}'.length 16 = 59 chars
    expect(whole.usage.output_tokens).toBe(15);
    expect(whole.usage.output_tokens_details).toEqual({ thinking_tokens: 6 });
    const streamed = await c.messages.stream(base).finalMessage();
    expect(comparable(streamed)).toEqual(comparable(whole));
  });

  it('runs a web search itself when the request has the server tool and the prompt asks: server tool blocks and usage.server_tool_use, streamed the same', async () => {
    sim = await startSimulator();
    const c = client(sim);
    const params = {
      ...base,
      tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 }],
      messages: [{ role: 'user' as const, content: 'search for tides' }],
    };
    const whole = await c.messages.create(params);
    expect(whole.content.map((b) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(whole.content[0]).toEqual({
      type: 'server_tool_use',
      id: 'srvtoolu_sim000001',
      name: 'web_search',
      input: { query: 'search for tides' },
      caller: { type: 'direct' },
    });
    expect(whole.content[1]).toMatchObject({ type: 'web_search_tool_result', tool_use_id: 'srvtoolu_sim000001' });
    expect(whole.stop_reason).toBe('end_turn');
    expect(whole.usage.server_tool_use).toEqual({ web_search_requests: 1, web_fetch_requests: 0 });
    const streamed = await c.messages.stream(params).finalMessage();
    const sameIds = (m: Anthropic.Message) =>
      comparable({ ...m, content: m.content.map((b) => ('id' in b ? { ...b, id: 'x' } : 'tool_use_id' in b ? { ...b, tool_use_id: 'x' } : b)) });
    expect(sameIds(streamed)).toEqual(sameIds(whole));
    // Without the tool, or without the ask, no search and no server tool usage.
    expect((await c.messages.create({ ...params, tools: [] })).usage.server_tool_use).toBeNull();
    expect((await c.messages.create({ ...params, messages: [{ role: 'user', content: 'what are tides?' }] })).content.map((b) => b.type)).toEqual(['text']);
  });

  it('pauses a turn (pausingResponder) and ends it when the paused turn is sent back', async () => {
    sim = await startSimulator({ responder: pausingResponder(1) });
    const c = client(sim);
    const params = {
      ...base,
      tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const }],
      messages: [{ role: 'user' as const, content: 'search for tides' }],
    };
    const paused = await c.messages.create(params);
    expect([paused.stop_reason, paused.content.map((b) => b.type)]).toEqual(['pause_turn', ['server_tool_use']]);
    const ended = await c.messages.create({
      ...params,
      messages: [...params.messages, { role: 'assistant', content: paused.content as Anthropic.ContentBlockParam[] }],
    });
    expect([ended.stop_reason, ended.content.map((b) => b.type)]).toEqual(['end_turn', ['web_search_tool_result', 'text']]);
    expect(ended.content[0]).toMatchObject({ tool_use_id: paused.content[0]!.type === 'server_tool_use' ? paused.content[0]!.id : '' });
  });

  it('cuts at a stop sequence and at max_tokens, as the API reports them', async () => {
    sim = await startSimulator({ responder: () => 'one two STOP three ' + 'x'.repeat(100) });
    const c = client(sim);
    const stopped = await c.messages.create({ ...base, stop_sequences: ['three', 'STOP'] });
    expect(stopped.content).toEqual([{ type: 'text', text: 'one two ', citations: null }]);
    expect([stopped.stop_reason, stopped.stop_sequence]).toEqual(['stop_sequence', 'STOP']);
    const cut = await c.messages.create({ ...base, max_tokens: 5 });
    expect(cut.content).toEqual([{ type: 'text', text: 'one two STOP three x', citations: null }]);
    expect([cut.stop_reason, cut.usage.output_tokens]).toEqual(['max_tokens', 5]);
  });

  it('rejects a malformed body with invalid_request_error', async () => {
    sim = await startSimulator();
    const error = await client(sim)
      .messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).error).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages: at least one message is required' },
      request_id: 'req_sim000001',
    });
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('counts what usage.input_tokens reports for the same request', async () => {
    sim = await startSimulator();
    const c = client(sim);
    expect(await c.messages.countTokens({ model: base.model, system: base.system, messages: base.messages })).toEqual({
      input_tokens: 3,
    });
    const tools: Anthropic.Tool[] = [{ name: 't', input_schema: { type: 'object', properties: {} } }];
    const counted = await c.messages.countTokens({ model: base.model, messages: base.messages, tools });
    const { system: _, ...noSystem } = base;
    const created = await c.messages.create({ ...noSystem, tools });
    // 8 chars of message + 63 chars of tools JSON = 71 chars
    expect(counted.input_tokens).toBe(18);
    expect(created.usage.input_tokens).toBe(18);
  });
});
