/**
 * A tool-loop case through the CLI users run: the app's handlers from a .ts module beside the suite,
 * recorded against the simulator, then replayed offline with the simulator gone: same trajectory,
 * same exit code. A loop cut at max_turns fails (exit 1) naming why; a missing export is exit 2 at
 * the suite's line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { validate as validateResults } from '../../src/shipped-validators/results.schema.ts';
import { startSimulator, toolAgentResponder } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY } from '../live/project.ts';

const SUITE = `name: agent
model: claude-haiku-4-5
max_tokens: 128
tools:
  - { name: lookup_order, description: Look an order up, input_schema: { type: object, properties: { order_id: { type: string } } } }
  - { name: refund, description: Refund an order, input_schema: { type: object, properties: { order_id: { type: string } } } }
tool_loop:
  max_turns: 4
  handlers: { module: ../src/tools.ts, export: handlers }
cases:
  - id: refund
    prompt: Refund order A-17
    assert:
      - contains: "refund error: closed on Sundays"
`;

const TOOLS = `type Order = { order_id: string };
export const handlers = {
  lookup_order: ({ order_id }: Order) => ({ order_id, status: 'delivered' }),
  refund: (_: Order): never => {
    throw new Error('closed on Sundays');
  },
};
`;

const stepsOf = (r: RunResult) => r.suites[0]!.cases[0]!.samples[0]!.output!.steps;

describe('promptgate run, a tool-loop case', () => {
  it('records with the .ts handlers, then replays offline with the same trajectory and verdict', async () => {
    const sim = await startSimulator({
      responder: toolAgentResponder([
        { name: 'lookup_order', input: { order_id: 'A-17' } },
        { name: 'refund', input: { order_id: 'A-17' } },
      ]),
    });
    const dir = await tempProject({ 'suites/agent.yaml': SUITE, 'src/tools.ts': TOOLS });
    const live = await runCli(['run', '--record', '--results', 'out/live.json'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    await sim.close();
    expect(live.code, live.stdout + live.stderr).toBe(0);
    const offline = await runCli(['run', '--results', 'out/replay.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(offline.code, offline.stdout + offline.stderr).toBe(0);
    const read = async (f: string) => JSON.parse(await readFile(path.join(dir, `out/${f}.json`), 'utf8')) as RunResult;
    const [recorded, replayed] = [await read('live'), await read('replay')];
    expect(validateResults(replayed)).toBe(true);
    expect(stepsOf(replayed)).toEqual(stepsOf(recorded));
    expect(stepsOf(replayed)!.map((s) => s.toolResults?.map((r) => [r.name, r.isError]))).toEqual([[['lookup_order', false]], [['refund', true]], undefined]);
  });

  it('fails a loop cut at max_turns (exit 1), and refuses a missing handlers export at its line (exit 2)', async () => {
    const sim = await startSimulator({ responder: toolAgentResponder(() => ({ name: 'lookup_order', input: { order_id: 'A-17' } })) });
    const dir = await tempProject({ 'suites/agent.yaml': SUITE, 'src/tools.ts': TOOLS });
    try {
      const looped = await runCli(['run', '--record'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
      expect(looped.code, looped.stdout + looped.stderr).toBe(1);
      expect(looped.stdout).toContain('max_turns (4) reached with the model still calling tools (lookup_order)');
      expect(sim.stats.requests).toBe(4);
    } finally {
      await sim.close();
    }
    await writeFile(path.join(dir, 'suites/agent.yaml'), SUITE.replace('export: handlers', 'export: tools'));
    const bad = await runCli(['run'], { cwd: dir, env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/suites\/agent\.yaml:9:\d+: error: tool_loop\.handlers: \.\.\/src\/tools\.ts has no export 'tools'/);
  });
});
