// examples/ticket-router/test/docs-msw-stream.test.ts
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { claude } from 'promptgate/msw';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { draftReply } from '../src/router.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('the draft streams in pieces', async () => {
  server.use(claude.reply('Thanks! We are on it.', { chunkSize: 5 }));
  const pieces: string[] = [];
  expect(await draftReply(new Anthropic({ apiKey: 'test-key' }), 'Help', (t) => pieces.push(t))).toBe('Thanks! We are on it.');
  expect(pieces).toEqual(['Thank', 's! We', ' are ', 'on it', '.']);
});

test('a stream that breaks off rejects', async () => {
  server.use(claude.stream([{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]));
  await expect(draftReply(new Anthropic({ apiKey: 'test-key' }), 'Help')).rejects.toThrow(/Overloaded/);
});
