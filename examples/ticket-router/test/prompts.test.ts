/**
 * The router's prompt suite as vitest tests, one per case, replayed from fixtures/ (recorded
 * answers: offline, free, deterministic). On main, `mode: 'live'` runs it against the API.
 */
import { fileURLToPath } from 'node:url';
import { readCassette } from 'promptgate';
import { describeSuite } from 'promptgate/vitest';
import { expect, test } from 'vitest';

describeSuite(new URL('../suites/router.yaml', import.meta.url), {
  fixtures: new URL('../fixtures', import.meta.url),
  mode: process.env.PROMPTGATE_LIVE === '1' ? 'live' : 'replay',
});

// The matchers read answers the way suite assertions do: here, one recorded answer.
test('the recorded double-charge answer routes to billing', async () => {
  const cassette = await readCassette(fileURLToPath(new URL('../fixtures/ticket-router/double-charge.json', import.meta.url)));
  const answer = cassette!.response.message;
  expect(answer).toCallTool('route_ticket', { category: 'billing' });
  expect(JSON.stringify((answer.content[0] as { input: unknown }).input)).toMatchJsonSchema({
    type: 'object',
    required: ['category', 'urgency', 'confidence'],
  });
  await expect(answer).toPassAssertion({ tool_input: { path: 'confidence', gte: 0.7 } });
});
