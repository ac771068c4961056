// examples/ticket-router/test/docs-msw-requests.test.ts
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { claude } from 'promptgate/msw';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { draftReply, routeTicket } from '../src/router.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('the router offers its tool to the right model', async () => {
  server.use(
    claude.expectRequest({ model: 'claude-haiku-4-5', system: /route support tickets/, tools: ['route_ticket'], max_tokens: 512 }),
    claude.toolUse('route_ticket', { category: 'bug', urgency: 'normal', confidence: 0.9 }),
  );
  expect(await routeTicket(new Anthropic({ apiKey: 'test-key' }), 'Export crashes')).toMatchObject({ queue: 'bug' });
});

test('a predicate can use expect()', async () => {
  const check = claude.expectRequest((params) => expect(params.messages.at(-1)?.content).toBe('Export crashes'), claude.reply('Sorry about that!'));
  server.use(check);
  expect(await draftReply(new Anthropic({ apiKey: 'test-key' }), 'Export crashes')).toBe('Sorry about that!');
  expect(check.mismatches).toEqual([]);
});
