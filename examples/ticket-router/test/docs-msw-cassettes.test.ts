// examples/ticket-router/test/docs-msw-cassettes.test.ts
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { claude } from 'promptgate/msw';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { routeTicket } from '../src/router.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('the recorded answer for a locked-out customer routes to account', async () => {
  const recordings = claude.cassette(new URL('../fixtures/ticket-router', import.meta.url));
  server.use(recordings);
  const route = await routeTicket(new Anthropic({ apiKey: 'test-key' }), "I can't log in since I reset my password and our launch is tomorrow!!");
  expect(recordings.mismatches).toEqual([]); // else: which cassette came closest, and the diff
  expect(route).toMatchObject({ queue: 'account', urgency: 'high' });
});
