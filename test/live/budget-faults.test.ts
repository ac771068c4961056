import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { usageFrom, type RunResult } from '../../src/run-result.ts';
import { countInputTokens, startSimulator, type Fault, type SimRequest, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY, suiteYaml } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** What the API may bill for a request it received: every input token and max_tokens out. */
function worstOf(body: SimRequest): number {
  return callCost(body.model, usageFrom({ input_tokens: countInputTokens(body), output_tokens: body.max_tokens }), { batch: false })!.total;
}

const usdOf = (text: string) => Number(/^ {2}total .* \$(\d+\.\d+)$/m.exec(text)?.[1]);

describe('--max-cost under faults: every attempt sent is counted', () => {
  it.each<[string, Fault]>([
    ['streams cut mid-way', 'truncated-stream'],
    ['answers slower than --timeout-ms', 'stall'],
  ])('%s: retries reserve their worst case first, the run stops on the budget, and what the server received stays under the cap', async (_name, fault) => {
    // Every attempt fails after the request was sent, so each may be billed at its worst case
    // ($0.005002: ~2 tokens in, 1000 out). The estimate (4 such) fits $0.031; so do two retries, not a third.
    sim = await startSimulator({ faults: () => fault });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 4, maxTokens: 1000, streamEvery: 1 }) });
    const cap = 0.031;
    const out = await runCli(['run', '--live', '--max-cost', String(cap), '--timeout-ms', '300', '--concurrency', '2', '--results', 'r.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
    });
    expect(out.code, out.stdout + out.stderr).toBe(3);

    const received = sim.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body as SimRequest);
    const billable = received.reduce((sum, body) => sum + worstOf(body), 0);
    expect(received.length).toBeGreaterThanOrEqual(4);
    expect(billable).toBeLessThanOrEqual(cap);

    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.stopped?.reason).toBe('budget');
    expect(result.stopped?.message).toMatch(/for a retry of load\/c\d \(worst case\) would pass --max-cost \$0\.031$/);
    // Each request that reached the server is in the results, at its worst case, and so in the printed cost.
    const calls = result.suites.flatMap((s) => s.cases.flatMap((c) => c.samples.flatMap((x) => x.calls)));
    expect(calls).toHaveLength(received.length);
    for (const call of calls) expect(call).toMatchObject({ outcome: 'unknown', usage: { output_tokens: 1000 } });
    expect(usdOf(out.stdout)).toBeGreaterThanOrEqual(Math.floor(billable * 1e6) / 1e6);
  });
});
