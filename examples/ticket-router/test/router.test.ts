/**
 * Unit tests of the router against a mocked Messages API: promptgate/msw handlers under msw's
 * setupServer, with the real SDK client the app uses. No network, no key.
 */
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { loadSuites } from 'promptgate';
import { claude } from 'promptgate/msw';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MODEL, ROUTE_TOOL } from '../src/prompt.ts';
import { draftReply, routeTicket } from '../src/router.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// Made after listen(): the SDK keeps the fetch it finds when the client is constructed.
const client = (options: { maxRetries?: number } = {}) => new Anthropic({ apiKey: 'test-key', ...options });

describe('routeTicket', () => {
  test('routes a ticket to the queue the model chose', async () => {
    server.use(claude.toolUse('route_ticket', { category: 'billing', urgency: 'normal', confidence: 0.95 }));
    expect(await routeTicket(client(), 'I was charged twice')).toEqual({ queue: 'billing', urgency: 'normal', confidence: 0.95 });
  });

  test('sends the model, system prompt and tool its prompt suite tests', async () => {
    const [suite] = await loadSuites([here('../suites/router.yaml')]);
    const recorded = suite!.cases[0]!;
    server.use(
      claude.expectRequest({
        model: MODEL,
        tools: [ROUTE_TOOL.name],
        prompt: 'I was charged twice for my subscription this month. Please refund one of them.',
      }),
      claude.expectRequest((params) => expect(params).toEqual(recorded.request)),
      claude.toolUse('route_ticket', { category: 'billing', urgency: 'normal', confidence: 0.95 }),
    );
    await expect(routeTicket(client(), recorded.request.messages[0]!.content as string)).resolves.toMatchObject({ queue: 'billing' });
  });

  test("answers from the suite's recordings: each ticket gets the answer recorded for its exact request", async () => {
    const recordings = claude.cassette(here('../fixtures/ticket-router'));
    server.use(recordings);
    const locked = await routeTicket(client(), "I can't log in since I reset my password and our launch is tomorrow!!");
    const weather = await routeTicket(client(), "What's the weather like in Lisbon today?");
    // The router turns API errors into a human route, so check first that every request had its recording.
    expect(recordings.mismatches).toEqual([]);
    expect(locked).toMatchObject({ queue: 'account', urgency: 'high' });
    expect(weather).toEqual({ queue: 'out_of_scope', reply: expect.stringContaining('I can only help with Acme support questions') });
  });

  test('an unsure model sends the ticket to a person', async () => {
    server.use(claude.toolUse('route_ticket', { category: 'bug', urgency: 'low', confidence: 0.4 }));
    expect(await routeTicket(client(), 'it is weird')).toEqual({ queue: 'human', reason: 'unsure (bug at 0.4)' });
  });

  test('a rate limit is retried by the SDK after retry-after, then routed', async () => {
    const limited = claude.error(429, { retryAfterMs: 10, once: true });
    server.use(limited, claude.toolUse('route_ticket', { category: 'account', urgency: 'high', confidence: 0.9 }));
    expect(await routeTicket(client(), "I can't log in")).toMatchObject({ queue: 'account' });
    expect(limited.requests).toHaveLength(1);
  });

  test('when Claude stays overloaded, a person gets the ticket', async () => {
    server.use(claude.error(529, { retryAfterMs: 1 }));
    expect(await routeTicket(client({ maxRetries: 1 }), 'Export is broken')).toEqual({ queue: 'human', reason: 'Claude unavailable (529)' });
  });

  test('a very long ticket is counted first and goes to a person', async () => {
    const count = claude.countTokens(9_000);
    server.use(count); // no messages handler: onUnhandledFrame 'error' fails the test if routing were attempted
    expect(await routeTicket(client(), 'log line\n'.repeat(600))).toEqual({ queue: 'human', reason: 'ticket too long to route (9000 tokens)' });
    expect(count.requests[0]).toMatchObject({ model: MODEL, tools: [ROUTE_TOOL] });
  });
});

describe('draftReply', () => {
  test('streams the reply as it arrives and returns all of it', async () => {
    server.use(claude.reply("Thanks for the report! We're looking into the export crash.", { chunkSize: 12, expect: { stream: true } }));
    const seen: string[] = [];
    const reply = await draftReply(client(), 'Export crashes', (t) => seen.push(t));
    expect(reply).toBe("Thanks for the report! We're looking into the export crash.");
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.join('')).toBe(reply);
  });

  test('a stream that breaks off with an overloaded error rejects', async () => {
    server.use(
      claude.stream([
        {
          type: 'message_start',
          message: {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: MODEL,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            stop_details: null,
            container: null,
            diagnostics: null,
            usage: {
              input_tokens: 10,
              output_tokens: 0,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
              cache_creation: null,
              server_tool_use: null,
              service_tier: 'standard',
              inference_geo: null,
              output_tokens_details: null,
              speed: null,
            },
          },
        },
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      ]),
    );
    await expect(draftReply(client(), 'Hello')).rejects.toThrow(/Overloaded/);
  });
});
