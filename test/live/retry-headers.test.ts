/**
 * What the server says about retrying, through the real SDK against the simulator: `x-should-retry`
 * overrides the status either way (as the SDK's own shouldRetry does), and a wait longer than the
 * run sits out ends the call with how long the server asked for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Fault, type Simulator, type SimulatorOptions } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY, QUICK_RETRY, runLive, suiteYaml } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Three cases; case-2 meets `fault` on its first `times` attempts (every attempt when undefined). */
async function runWithFault(fault: Fault, options: SimulatorOptions, times?: number) {
  const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 3 }) });
  let met = 0;
  sim = await startSimulator({
    ...options,
    faults: (_n, r) => (JSON.stringify(r.messages).includes('case-2') && (times === undefined || met++ < times) ? fault : undefined),
  });
  const result = await runLive(dir, sim.url);
  const cases = result.suites[0]!.cases;
  return { statuses: cases.map((c) => c.status), sample: cases[1]!.samples[0]!, attempts: sim.stats.promptAttempts['case-2'] };
}

describe('x-should-retry', () => {
  it('false stops the retry of a status that is retried without it (529)', async () => {
    const { statuses, sample, attempts } = await runWithFault(529, { faultShouldRetry: false });
    expect(statuses).toEqual(['passed', 'errored', 'passed']);
    expect(attempts).toBe(1);
    expect(sample.error).toMatchObject({ type: 'overloaded_error', status: 529 });
  });

  it('true retries a status that is final without it (400), and the answer of the retry is judged', async () => {
    const { statuses, attempts, sample } = await runWithFault(400, { faultShouldRetry: true }, 1);
    expect(statuses).toEqual(['passed', 'passed', 'passed']);
    expect(attempts).toBe(2);
    expect(sample.retries).toBe(1);
  });

  it('without the header, a 400 is final and a 529 is retried up to the policy', async () => {
    expect(await runWithFault(400, {}, 1)).toMatchObject({ statuses: ['passed', 'errored', 'passed'], attempts: 1 });
    await sim!.close();
    expect(await runWithFault(529, {})).toMatchObject({ statuses: ['passed', 'errored', 'passed'], attempts: QUICK_RETRY.maxAttempts });
  });
});

describe('a retry-after longer than the run waits', () => {
  it('ends the call at once, saying how long the server asked for and what the run waits', async () => {
    const { statuses, sample, attempts } = await runWithFault(429, { faultRetryAfterMs: 600_000 });
    expect(statuses).toEqual(['passed', 'errored', 'passed']);
    expect(attempts).toBe(1);
    expect(sample.error).toMatchObject({
      type: 'rate_limit_error',
      status: 429,
      message: 'Rate limited (injected fault). (rate limited: the API asked to wait 10 min 0 s before a retry, more than the 5.0 s a run waits for one)',
      hint: 'run again once the wait is over, or lower --concurrency to stay under the rate limit',
    });
  });

  it('the CLI shows it in the run summary, against the default policy', async () => {
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 1 }) });
    sim = await startSimulator({ faults: () => 429, faultRetryAfterMs: 600_000 });
    const out = await runCli(['run', '--live'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(3);
    expect(out.stdout).toContain(
      'error rate_limit_error (HTTP 429): Rate limited (injected fault). (rate limited: the API asked to wait 10 min 0 s before a retry, more than the 2 min 0 s a run waits for one)',
    );
    expect(out.stdout).toContain('→ run again once the wait is over, or lower --concurrency to stay under the rate limit');
  });
});
