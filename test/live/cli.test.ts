import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it, type TestContext } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import type { RunResult } from '../../src/run-result.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli as runOne, spawnCli as spawnOne } from '../support/cli.ts';
import { KEY, suiteYaml } from './project.ts';

/**
 * The tests below run concurrently (most of their time is the simulator's latency and the
 * grace period, not CPU), each with a simulator of its own; at most three CLIs at once.
 */
const cliSlot = pLimit(3);
const runCli: typeof runOne = (...args) => cliSlot(() => runOne(...args));
const spawnCli: typeof spawnOne = (...args) => cliSlot(() => spawnOne(...args));

async function simulator(t: TestContext, options?: SimulatorOptions): Promise<Simulator> {
  const s = await startSimulator(options);
  t.onTestFinished(() => s.close());
  return s;
}

const env = (s: Simulator) => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: s.url });
const messages = (s: Simulator) => s.stats.byRoute['POST /v1/messages'] ?? 0;

describe('promptgate run --live (CLI)', { concurrent: true }, () => {
  it('without ANTHROPIC_API_KEY: exit 2 at once, saying how to set it or run offline', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
    const out = await runCli(['run', '--live'], { cwd: dir, env: { ANTHROPIC_API_KEY: undefined } });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/needs ANTHROPIC_API_KEY.*export ANTHROPIC_API_KEY=.*run without --live to replay recordings offline/s);
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it('PROMPTGATE_LIVE=0 is a hard off even with a key', async (t) => {
    const sim = await simulator(t);
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
    const out = await runCli(['run', '--live'], { cwd: dir, env: { ...env(sim), PROMPTGATE_LIVE: '0' } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('PROMPTGATE_LIVE=0');
    expect(sim.stats.requests).toBe(0);
  });

  it('the key never appears in stdout, stderr, results, JUnit or cassettes, faults and errors included', async (t) => {
    const sim = await simulator(t, { faults: { rate: 0.3, kinds: [500, 429, 'reset'] }, faultRetryAfterMs: 10, seed: 3 });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 12, failEvery: 4, streamEvery: 3 }) });
    const recorded = await runCli(['run', '--record', '--results', 'rec.json'], { cwd: dir, env: env(sim) });
    const live = await runCli(['run', '--live', '--results', 'live.json', '--junit', 'j.xml', '--cost-report', 'cost.md'], { cwd: dir, env: env(sim) });
    expect(sim.stats.faultsInjected).toBeGreaterThan(0);
    expect([recorded.code, live.code]).toEqual([1, 1]); // every fourth case fails its assertion; none errored
    const files = ['rec.json', 'live.json', 'j.xml', 'cost.md', ...(await readdir(path.join(dir, 'fixtures/load'))).map((f) => `fixtures/load/${f}`)];
    expect(files.length).toBe(4 + 12);
    const texts = [recorded.stdout, recorded.stderr, live.stdout, live.stderr, ...(await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8'))))];
    for (const text of texts) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('live-secret');
    }
  });

  it('refuses with exit 2 when the estimate alone exceeds --max-cost, naming both, before any message is sent', async (t) => {
    const sim = await simulator(t);
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 5, maxTokens: 1000 }) });
    const out = await runCli(['run', '--live', '--max-cost', '0.01'], { cwd: dir, env: env(sim) });
    expect(out.code).toBe(2);
    // 5 cases x (~2 input tokens, 67 at the count's upper bound, at $1/MTok + 1000 output tokens at $5/MTok) ≈ $0.025.
    expect(out.stderr).toMatch(
      /estimated cost \$0\.025335 \(input by count_tokens, output by recorded usage or max_tokens, at the dearest rates the API may bill \(docs\/pricing\.md\)\) exceeds --max-cost \$0\.01\./,
    );
    expect(sim.stats.byRoute['POST /v1/messages/count_tokens']).toBe(5);
    expect(messages(sim)).toBe(0);
  });

  it('a suite max_cost_usd is held the same way', async (t) => {
    const sim = await simulator(t);
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 5, maxTokens: 1000, extra: 'max_cost_usd: 0.01' }) });
    const out = await runCli(['run', '--live'], { cwd: dir, env: env(sim) });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/suite load: estimated cost \$0\.025335 .* exceeds its max_cost_usd \$0\.01\./);
    expect(messages(sim)).toBe(0);
  });

  it('holds the cap during the run: waits for what is in flight, stops when the next worst case cannot fit, the rest skipped with the reason, exit 3', async (t) => {
    // Answers of ~500 tokens ($0.0025) against a worst case of 1000 ($0.005): recordings make the
    // estimate fit the cap ($0.02512 of $0.026), but after 9 answers the 10th's worst case cannot.
    const responder = (r: { messages: { content: unknown }[] }) => `Echo: ${String(r.messages.at(-1)!.content)} ${'x'.repeat(1994)}`;
    const sim = await simulator(t, { latencyMs: 20, responder });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 10, maxTokens: 1000 }) });
    expect((await runCli(['run', '--record'], { cwd: dir, env: env(sim) })).code).toBe(0);
    sim.reset();
    const out = await runCli(['run', '--live', '--max-cost', '0.026', '--concurrency', '4', '--results', 'r.json'], { cwd: dir, env: env(sim) });
    expect(out.stdout).toContain('estimated cost $0.02512 (cap $0.026)');
    expect(out.code).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.stopped?.reason).toBe('budget');
    const cases = result.suites[0]!.cases;
    expect(cases.map((c) => c.status)).toEqual([...Array(9).fill('passed'), 'skipped']);
    expect(cases[9]!.reason).toMatch(
      /^not run: budget: \$0\.022608 spent \+ \$0\.00 in flight \+ \$0\.005067 for the next sample \(worst case\) would pass --max-cost \$0\.026$/,
    );
    const spent = cases.flatMap((c) => c.samples.flatMap((s) => s.calls)).reduce((sum, c) => sum + callCost(c.model, c.usage, { batch: false })!.total, 0);
    expect(spent).toBeLessThanOrEqual(0.026);
    expect(messages(sim)).toBe(9);
    expect(out.stdout).toContain('stopped early: budget');
  });

  it('Ctrl-C mid-run: requests in flight get the grace period to answer, reports of what finished are valid, exit 3', async (t) => {
    // Slow answers, so requests are surely in flight when the signal lands, even on a busy machine,
    // yet well inside the grace period (INTERRUPT_GRACE_MS).
    const sim = await simulator(t, { latencyMs: 800 });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 30 }) });
    let sent = false;
    const out = await spawnCli(['run', '--live', '--concurrency', '2', '--results', 'r.json', '--junit', 'j.xml'], {
      cwd: dir,
      env: env(sim),
      onStdout: (text, child) => {
        if (!sent && (text.match(/^✓ /gm) ?? []).length >= 3) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(out.code, out.stdout + out.stderr).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.stopped).toEqual({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' });
    const cases = result.suites[0]!.cases;
    expect(cases.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => `c${i + 1}`));
    const passed = cases.filter((c) => c.status === 'passed');
    const skipped = cases.filter((c) => c.status === 'skipped');
    expect(passed.length).toBeGreaterThanOrEqual(3);
    expect(skipped.length).toBeGreaterThan(0);
    expect(passed.length + skipped.length).toBe(30);
    for (const c of skipped) expect(c.reason).toBe('not run: interrupted (Ctrl-C)');
    expect(await readFile(path.join(dir, 'j.xml'), 'utf8')).toMatch(/^<\?xml/);
    // Requests in flight at Ctrl-C were awaited, not cut: every request sent was answered, and counted.
    expect(messages(sim)).toBe(sim.stats.served);
    expect(passed.length).toBe(sim.stats.served);
  });
});
