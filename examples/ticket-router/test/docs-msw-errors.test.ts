// examples/ticket-router/test/docs-msw-errors.test.ts
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { claude } from 'promptgate/msw';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { routeTicket } from '../src/router.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('a 429 is retried by the SDK after retry-after', async () => {
  const limited = claude.error(429, { retryAfterMs: 10, once: true });
  server.use(limited, claude.toolUse('route_ticket', { category: 'account', urgency: 'high', confidence: 0.9 }));
  expect(await routeTicket(new Anthropic({ apiKey: 'test-key' }), "I can't log in")).toMatchObject({ queue: 'account' });
  expect(limited.requests).toHaveLength(1);
});

test('when Claude stays overloaded, a person gets the ticket', async () => {
  server.use(claude.error(529, { retryAfterMs: 1 }));
  const client = new Anthropic({ apiKey: 'test-key', maxRetries: 1 });
  expect(await routeTicket(client, 'Export is broken')).toEqual({ queue: 'human', reason: 'Claude unavailable (529)' });
});

test('a tool loop: the tool call, then the final answer', async () => {
  server.use(claude.sequence(claude.toolUse('lookup_order', { id: 'A-1' }), claude.reply('Your order shipped on Monday.')));
  const client = new Anthropic({ apiKey: 'test-key' });
  const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Where is order A-1?' }] };
  expect((await client.messages.create(ask)).stop_reason).toBe('tool_use');
  expect((await client.messages.create(ask)).content[0]).toMatchObject({ text: 'Your order shipped on Monday.' });
});
