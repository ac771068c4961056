// examples/ticket-router/test/docs-vitest-matchers.test.ts
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { claude } from 'promptgate/msw';
import 'promptgate/vitest';
import { afterAll, beforeAll, expect, test } from 'vitest';

const server = setupServer(claude.cassette(new URL('../fixtures/ticket-router', import.meta.url)));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const ask = (content: string) =>
  new Anthropic({ apiKey: 'test-key' }).messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 512,
    system: 'You route support tickets for Acme, a project-management SaaS.\nFor every ticket about Acme, call route_ticket exactly once.\nFor anything else, do not call a tool; reply: "I can only help with Acme support questions."\n',
    tools: [
      {
        name: 'route_ticket',
        description: 'Send a support ticket to the team that handles it.',
        input_schema: {
          type: 'object',
          required: ['category', 'urgency', 'confidence'],
          properties: {
            category: { type: 'string', enum: ['billing', 'account', 'bug', 'feature_request', 'other'] },
            urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
          },
        },
      },
    ],
    messages: [{ role: 'user', content }],
  });

test('a billing ticket calls route_ticket with category billing', async () => {
  const answer = await ask('I was charged twice for my subscription this month. Please refund one of them.');
  expect(answer).toCallTool('route_ticket', { category: 'billing', confidence: expect.any(Number) });
  await expect(answer).toPassAssertion({ tool_input: { path: 'confidence', gte: 0.7 } });
});

test('the weather is out of scope', async () => {
  const answer = await ask("What's the weather like in Lisbon today?");
  expect(answer).not.toCallTool();
  await expect(answer).toPassAssertion({ contains: 'I can only help with Acme support questions' });
  await expect(answer).toPassAssertion({ not: { icontains: 'sunny' } });
});

test('JSON answers against a schema', () => {
  const person = { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer' } } };
  expect('```json\n{"name": "Alice", "age": 30}\n```').toMatchJsonSchema(person);
  expect('{"name": "Alice"}').not.toMatchJsonSchema(person);
});
