/**
 * The MSW kit serves a recorded trajectory to the app's own agent loop: each step of a tool loop is
 * its own cassette, keyed by the whole conversation so far, so `claude.cassette(dir)` answers each
 * request the app's loop sends with the step recorded for it. The loop here is the app's, with the
 * real SDK; when the app's tool answers differently, its next request has no recording, and the
 * mismatch names what differs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { requestKey } from '../../src/canonical-json.ts';
import { writeCassette } from '../../src/cassette/cassette.ts';
import { claude } from '../../src/msw/index.ts';
import { buildMessage, type ReplyBlock } from '../../src/msw/message.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tools: Anthropic.Tool[] = [
  {
    name: 'lookup_order',
    description: 'Look an order up',
    input_schema: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
  },
  {
    name: 'refund',
    description: 'Refund an order',
    input_schema: { type: 'object', properties: { order_id: { type: 'string' }, amount: { type: 'number' } }, required: ['order_id', 'amount'] },
  },
];
const first: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'claude-haiku-4-5',
  max_tokens: 512,
  tools,
  messages: [{ role: 'user', content: 'Please refund order A-17.' }],
};

/** The app's tools, as its code runs them. */
type Tools = Record<string, (input: Record<string, unknown>) => string>;
const appTools: Tools = {
  lookup_order: (input) => JSON.stringify({ order_id: input.order_id, total: 20, status: 'delivered' }),
  refund: (input) => JSON.stringify({ refunded: input.amount }),
};

/** The app's own agent loop: call, run the tools asked for, send their results, until the model answers. */
async function appAgent(client: Anthropic, run: Tools): Promise<{ calls: string[]; answer: string }> {
  const messages = [...first.messages];
  const calls: string[] = [];
  for (let turn = 0; turn < 5; turn++) {
    const message = await client.messages.create({ ...first, messages });
    const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (message.stop_reason !== 'tool_use') return { calls, answer: message.content.map((b) => (b.type === 'text' ? b.text : '')).join('') };
    messages.push({ role: 'assistant', content: message.content });
    messages.push({
      role: 'user',
      content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: run[u.name]!(u.input as Record<string, unknown>) })),
    });
    calls.push(...uses.map((u) => u.name));
  }
  throw new Error('the loop did not end');
}

let dir: string;

/**
 * Records the trajectory as a tool loop does: one cassette a step, each keyed by the request that
 * step sent (the conversation so far), the next request built from the answer and the tool results.
 */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pg-msw-trajectory-'));
  const answers: ReplyBlock[][] = [
    [
      { type: 'text', text: 'Let me look it up.' },
      { type: 'tool_use', id: 'toolu_lookup', name: 'lookup_order', input: { order_id: 'A-17' } },
    ],
    [{ type: 'tool_use', id: 'toolu_refund', name: 'refund', input: { order_id: 'A-17', amount: 20 } }],
    [{ type: 'text', text: 'Order A-17 is refunded: $20.' }],
  ];
  const messages: Anthropic.MessageParam[] = [...first.messages];
  for (const [i, blocks] of answers.entries()) {
    const request = { ...first, messages: structuredClone(messages) } as unknown as Record<string, unknown>;
    const message = buildMessage(blocks, first);
    await writeCassette(path.join(dir, 'agent', `refund-a17.1.step${i + 1}.json`), {
      promptgate_cassette: 1,
      key: requestKey(request),
      call: `agent/refund-a17 step ${i + 1}`,
      recorded_at: '2026-12-06T00:00:00.000Z',
      request,
      response: { message },
      latency_ms: 400,
    });
    const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    messages.push({ role: 'assistant', content: message.content });
    messages.push({
      role: 'user',
      content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: appTools[u.name]!(u.input as Record<string, unknown>) })),
    });
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a recorded trajectory served to the app’s own loop', () => {
  test('each request of the loop gets the step recorded for it, in order, and the loop ends with the recorded answer', async () => {
    const recordings = claude.cassette(dir);
    server.use(recordings);
    const result = await appAgent(new Anthropic({ apiKey: 'test', maxRetries: 0 }), appTools);
    expect(result).toEqual({ calls: ['lookup_order', 'refund'], answer: 'Order A-17 is refunded: $20.' });
    expect(recordings.mismatches).toEqual([]);
  });

  test('when the app’s tool answers differently, the next step has no recording and the mismatch says what differs', async () => {
    const recordings = claude.cassette(dir);
    server.use(recordings);
    const changed = { ...appTools, lookup_order: () => JSON.stringify({ order_id: 'A-17', total: 35, status: 'delivered' }) };
    await expect(appAgent(new Anthropic({ apiKey: 'test', maxRetries: 0 }), changed)).rejects.toThrow(/no cassette of 3 was recorded for this request/);
    expect(recordings.mismatches).toHaveLength(1);
    expect(recordings.mismatches[0]).toBe(
      `no cassette of 3 was recorded for this request; closest is ${path.join(dir, 'agent', 'refund-a17.1.step2.json')}, which differs:\n` +
        '      ~ messages[2].content[0].content: "…_id\\":\\"A-17\\",\\"total\\":20,\\"status\\":\\"delivered\\"}" → "…_id\\":\\"A-17\\",\\"total\\":35,\\"status\\":\\"delivered\\"}"',
    );
  });
});
