import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { INTERRUPT_GRACE_MS } from '../../src/runner/run.ts';
import { usageFrom, type CallRecord, type RunResult } from '../../src/run-result.ts';
import { countInputTokens, countOutputTokens, lastUserText, promptKey, startSimulator, type SimRequest, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { spawnCli } from '../support/cli.ts';
import { KEY, runLive, suiteYaml } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const price = (model: string, input: number, output: number) =>
  callCost(model, usageFrom({ input_tokens: input, output_tokens: output }), { batch: false })!.total;

/**
 * What the simulator may bill for the requests it received: a served one at its usage (the default
 * responder says "Echo: <prompt>"), one it never finished at its worst case (input + max_tokens).
 */
function billedAtMost(s: Simulator): number {
  const served = s.stats.promptServed;
  return s.requests
    .filter((r) => r.path === '/v1/messages')
    .map((r) => r.body as SimRequest)
    .reduce((sum, body) => {
      const input = countInputTokens(body);
      const output = served[promptKey(body)] ? countOutputTokens([{ type: 'text', text: `Echo: ${lastUserText(body)}` }]) : body.max_tokens;
      return sum + price(body.model, input, output);
    }, 0);
}

const printedUsd = (stdout: string) => Number(/^ {2}total .* \$(\d+\.\d+)$/m.exec(stdout)?.[1]);
const callsOf = (r: RunResult): CallRecord[] => r.suites.flatMap((s) => s.cases.flatMap((c) => c.samples.flatMap((x) => x.calls)));

/** Sends SIGINT once two cases have passed and two more requests are open at the simulator. */
function interruptWithTwoInFlight(s: Simulator, then?: (child: ChildProcess) => void) {
  let armed = false;
  return (text: string, child: ChildProcess) => {
    if (armed || (text.match(/^✓ /gm) ?? []).length < 2) return;
    armed = true;
    // Bounded: the poll ends with the child.
    const poll = setInterval(() => {
      if (s.stats.inFlight < 2 || child.exitCode !== null) return;
      clearInterval(poll);
      child.kill('SIGINT');
      then?.(child);
    }, 10);
    child.once('close', () => clearInterval(poll));
  };
}

describe('Ctrl-C accounts for calls already sent', () => {
  it('calls still unanswered after the grace period are listed as sent, outcome unknown, at their worst case; the printed cost covers what the server may bill', async () => {
    // c1 and c2 answer at once; every later answer takes far longer than the grace period.
    sim = await startSimulator({ latencyMs: (r) => (/"case-[12]"/.test(JSON.stringify(r.messages)) ? 0 : 20_000) });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 8 }) });
    const started = performance.now();
    const out = await spawnCli(['run', '--live', '--concurrency', '2', '--results', 'r.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
      onStdout: interruptWithTwoInFlight(sim),
    });
    expect(out.code, out.stdout + out.stderr).toBe(3);
    expect(performance.now() - started).toBeGreaterThan(INTERRUPT_GRACE_MS);
    expect(out.stdout).toContain(`promptgate: calls in flight get ${INTERRUPT_GRACE_MS / 1000} s to answer; Ctrl-C again cuts them now`);

    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    const byId = new Map(result.suites[0]!.cases.map((c) => [c.id, c]));
    expect([byId.get('c1')!.status, byId.get('c2')!.status]).toEqual(['passed', 'passed']);
    const cut = result.suites[0]!.cases.filter((c) => c.status === 'errored');
    expect(cut.map((c) => c.id)).toEqual(['c3', 'c4']);
    for (const c of cut) {
      const sample = c.samples[0]!;
      expect(sample.error).toMatchObject({
        type: 'interrupted',
        message: expect.stringMatching(
          /^sent, outcome unknown: 1 call cut with no answer, counted at the worst case the API may bill \(\$0\.\d+: the input and max_tokens out\)$/,
        ),
      });
      expect(sample.calls).toHaveLength(1);
      const [call] = sample.calls;
      const sent = sim.requests.find((r) => r.path === '/v1/messages' && lastUserText(r.body as SimRequest) === `case-${c.id.slice(1)}`)!.body as SimRequest;
      expect(call).toMatchObject({ role: 'case', outcome: 'unknown', usage: { output_tokens: 64 } });
      // Open the whole grace period, by the CLI's own clock (sent before the Ctrl-C that started it).
      expect(call!.latencyMs).toBeGreaterThanOrEqual(INTERRUPT_GRACE_MS);
      expect(call!.usage.input_tokens).toBeGreaterThanOrEqual(countInputTokens(sent));
    }
    expect(result.suites[0]!.cases.filter((c) => c.status === 'skipped').map((c) => c.reason)).toEqual(Array(4).fill('not run: interrupted (Ctrl-C)'));

    // Four requests reached the server; two were never answered. Nothing of it is missing from the cost.
    expect(sim.stats.byRoute['POST /v1/messages']).toBe(4);
    expect(sim.stats.served).toBe(2);
    expect(callsOf(result)).toHaveLength(4);
    expect(printedUsd(out.stdout)).toBeGreaterThanOrEqual(Math.floor(billedAtMost(sim) * 1e6) / 1e6);
  });

  it('a second Ctrl-C cuts the calls in flight at once, and they are still counted', async () => {
    sim = await startSimulator({ latencyMs: (r) => (/"case-[12]"/.test(JSON.stringify(r.messages)) ? 0 : 20_000) });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 8 }) });
    const out = await spawnCli(['run', '--live', '--concurrency', '2', '--results', 'r.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
      onStdout: interruptWithTwoInFlight(sim, (child) => setTimeout(() => child.kill('SIGINT'), 200)),
    });
    expect(out.code, out.stdout + out.stderr).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    const cut = callsOf(result).filter((c) => c.outcome === 'unknown');
    expect(cut).toHaveLength(2);
    // By the CLI's own clock, from each send to its cut: had the grace period run out instead, both
    // would be open longer than it (sent before the first Ctrl-C, which started it).
    for (const call of cut) expect(call.latencyMs).toBeLessThan(INTERRUPT_GRACE_MS);
    expect(printedUsd(out.stdout)).toBeGreaterThanOrEqual(Math.floor(billedAtMost(sim) * 1e6) / 1e6);
  });

  it('nothing new is sent after the interrupt: a retry waiting out its backoff is dropped, and a case whose only attempt was turned away is not run', async () => {
    sim = await startSimulator({ faults: () => 500, faultRetryAfterMs: 1_500 });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
    const interrupt = new AbortController();
    // Bounded: the run itself ends within the grace period once interrupted.
    const poll = setInterval(() => {
      if (sim!.stats.byStatus['500']) interrupt.abort({ reason: 'interrupted', message: 'interrupted (test)' });
    }, 10);
    const result = await runLive(dir, sim.url, { signal: interrupt.signal }).finally(() => clearInterval(poll));
    expect(sim.stats.byRoute['POST /v1/messages']).toBe(1);
    // A 500 is not billed: nothing of the case may cost money, so it is reported as not run.
    expect(result.suites[0]!.cases[0]).toMatchObject({ status: 'skipped', reason: 'not run: interrupted (test)', samples: [] });
  });
});
