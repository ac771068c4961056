/**
 * A trajectory recorded by promptgate's own tool loop, served by the MSW kit to the app's own agent
 * loop in the app's unit tests: the suite and the app share the request builder and the tool
 * handlers (the app's code), so each request the app's loop sends is the one a step was recorded for.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { claude } from '../../src/msw/index.ts';
import { startSimulator, toolAgentResponder } from '../support/sim/index.ts';
import { record, tempProject } from '../support/project.ts';

// Listening starts once the recording is made: msw intercepts every fetch in the process.
const server = setupServer();
afterAll(() => server.close());

/** The app: its request builder and its tools, in TypeScript, as the suite names them. */
const APP = `import type Anthropic from '@anthropic-ai/sdk';

export function buildRefundRequest(): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 256,
    tools: [
      { name: 'lookup_order', description: 'Look an order up', input_schema: { type: 'object', properties: { order_id: { type: 'string' } } } },
      { name: 'refund', description: 'Refund an order', input_schema: { type: 'object', properties: { order_id: { type: 'string' } } } },
    ],
    messages: [{ role: 'user', content: 'Refund order A-17, it arrived broken' }],
  };
}

export const tools: Record<string, (input: { order_id: string }) => string> = {
  lookup_order: ({ order_id }) => \`order \${order_id}: delivered, 42 EUR\`,
  refund: ({ order_id }) => \`refunded \${order_id}\`,
};
`;

const SUITE = `name: agent
request: { module: ../src/app.ts, export: buildRefundRequest }
tool_loop:
  max_turns: 5
  handlers: { module: ../src/app.ts, export: tools }
cases:
  - id: broken-parcel
    assert:
      - tool_sequence: [lookup_order, refund]
`;

type App = { buildRefundRequest: () => Anthropic.MessageCreateParamsNonStreaming; tools: Record<string, (input: never) => string> };

/** The app's own agent loop, as it ships: call, run the tools asked for, send their results back. */
async function appAgent(client: Anthropic, app: App): Promise<{ calls: string[]; answer: string }> {
  const request = app.buildRefundRequest();
  const messages = [...request.messages];
  const calls: string[] = [];
  for (let turn = 0; turn < 5; turn++) {
    const message = await client.messages.create({ ...request, messages });
    if (message.stop_reason !== 'tool_use') return { calls, answer: message.content.map((b) => (b.type === 'text' ? b.text : '')).join('') };
    const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    messages.push({ role: 'assistant', content: message.content });
    messages.push({
      role: 'user',
      content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: app.tools[u.name]!(u.input as never) })),
    });
    calls.push(...uses.map((u) => u.name));
  }
  throw new Error('the loop did not end');
}

describe("promptgate's recorded trajectory, served to the app's own loop", () => {
  it('answers every request of the loop with the step recorded for it, with no network', async () => {
    const sim = await startSimulator({
      responder: toolAgentResponder([
        { name: 'lookup_order', input: { order_id: 'A-17' } },
        { name: 'refund', input: { order_id: 'A-17' } },
      ]),
    });
    const dir = await tempProject({ 'suites/agent.yaml': SUITE, 'src/app.ts': APP });
    try {
      const recorded = await record(dir, sim.url);
      expect(recorded.suites[0]!.cases[0]!.status).toBe('passed');
    } finally {
      await sim.close();
    }

    const recordings = claude.cassette(path.join(dir, 'fixtures/agent'));
    server.listen({ onUnhandledFrame: 'error' });
    server.use(recordings);
    const app = (await import(pathToFileURL(path.join(dir, 'src/app.ts')).href)) as App;
    const result = await appAgent(new Anthropic({ apiKey: 'test', maxRetries: 0 }), app);
    expect(result.calls).toEqual(['lookup_order', 'refund']);
    expect(result.answer).toBe('Done. lookup_order: order A-17: delivered, 42 EUR; refund: refunded A-17');
    expect(recordings.mismatches).toEqual([]);
  });
});
