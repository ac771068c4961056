// examples/ticket-router/test/docs-msw-setup.test.ts
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { claude } from 'promptgate/msw';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { routeTicket } from '../src/router.ts';

const server = setupServer();
// msw 3: `onUnhandledFrame` (msw 2 called it onUnhandledRequest). 'error' answers a request no
// handler takes with a network error, so no test reaches the real API; the test fails only if the
// app lets that error through (one that catches it and falls back passes: assert on the result).
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('routes a billing ticket', async () => {
  server.use(claude.toolUse('route_ticket', { category: 'billing', urgency: 'normal', confidence: 0.95 }));
  // Make the client after server.listen(): the SDK keeps the fetch it finds when it is constructed.
  const client = new Anthropic({ apiKey: 'test-key' });
  expect(await routeTicket(client, 'I was charged twice')).toEqual({ queue: 'billing', urgency: 'normal', confidence: 0.95 });
});
