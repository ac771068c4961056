/**
 * The regression a tool-loop gate exists for: after a change, one model refunds before it looks the
 * order up. In a two-model matrix the trajectory check fails exactly that (case, model) pair, naming
 * the step, live and again offline from the recordings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { startSimulator, toolAgentResponder, type SimRequest, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = `name: orders
model: claude-haiku-4-5
models: [claude-haiku-4-5, claude-sonnet-4-6]
max_tokens: 256
tools:
  - { name: lookup_order, description: Look an order up, input_schema: { type: object, properties: { order_id: { type: string } } } }
  - { name: refund, description: Refund an order, input_schema: { type: object, properties: { order_id: { type: string } } } }
tool_loop:
  max_turns: 6
  results:
    - { tool: lookup_order, result: { status: delivered } }
    - { tool: refund, result: refunded }
cases:
  - id: broken-parcel
    prompt: Refund order A-17, it arrived broken
    assert:
      - tool_sequence: [lookup_order, refund]
      - tool_input: { tool: refund, step: any, path: order_id, equals: A-17 }
`;

const lookUpFirst = toolAgentResponder([
  { name: 'lookup_order', input: { order_id: 'A-17' } },
  { name: 'refund', input: { order_id: 'A-17' } },
]);
const refundFirst = toolAgentResponder([
  { name: 'refund', input: { order_id: 'A-17' } },
  { name: 'lookup_order', input: { order_id: 'A-17' } },
]);

const verdicts = (result: RunResult) =>
  result.suites[0]!.cases.map((c) => ({ model: c.model, status: c.status, failed: c.samples[0]!.assertions.filter((a) => !a.pass).map((a) => a.reason) }));

describe('a planted trajectory regression in a two-model matrix', () => {
  it('fails exactly the model that refunds first, naming the step, live and replayed', async () => {
    sim = await startSimulator({ responder: (request: SimRequest) => (request.model === 'claude-sonnet-4-6' ? refundFirst : lookUpFirst)(request) });
    const dir = await tempProject({ 'suites/orders.yaml': SUITE });
    const live = verdicts(await record(dir, sim.url));
    expect(live).toEqual([
      { model: 'claude-haiku-4-5', status: 'passed', failed: [] },
      { model: 'claude-sonnet-4-6', status: 'failed', failed: [expect.stringMatching(/^step 1 called refund before lookup_order \(step 2\)/)] },
    ]);
    await sim.close();
    sim = undefined;
    expect(verdicts(await replay(dir))).toEqual(live);
  });
});
