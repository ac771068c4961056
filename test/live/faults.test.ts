import { afterEach, describe, expect, it } from 'vitest';
import { totals } from '../../src/run-result.ts';
import { startSimulator, type Fault, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { QUICK_RETRY, runLive, suiteYaml, verdicts } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('live runs under faults', () => {
  it('10% mixed faults over 200 cases: every case once, same verdicts as a clean run, attempts within the policy', async () => {
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 200, failEvery: 7, streamEvery: 5 }) });

    sim = await startSimulator({ latencyMs: 2 });
    const clean = await runLive(dir, sim.url);
    await sim.close();

    sim = await startSimulator({ latencyMs: 2, faults: { rate: 0.1, kinds: [500, 529, 429, 'reset'] }, faultRetryAfterMs: 20, seed: 7 });
    const faulty = await runLive(dir, sim.url);
    const stats = sim.stats;

    expect(stats.faultsInjected).toBeGreaterThan(10);
    expect(totals(clean)).toMatchObject({ cases: 200, errored: 0, skipped: 0 });
    const ids = faulty.suites.flatMap((s) => s.cases.map((c) => c.id));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    for (const c of faulty.suites[0]!.cases) {
      expect(['passed', 'failed', 'errored']).toContain(c.status);
      expect(c.samples).toHaveLength(1);
    }
    const before = verdicts(clean);
    for (const [id, status] of verdicts(faulty)) if (status !== 'errored') expect(status).toBe(before.get(id));
    for (const [prompt, attempts] of Object.entries(stats.promptAttempts)) {
      expect(attempts, prompt).toBeLessThanOrEqual(QUICK_RETRY.maxAttempts);
      expect(stats.promptServed[prompt] ?? 0, prompt).toBeLessThanOrEqual(1);
    }
    // Every retry said which attempt it was, and never more than the policy allows.
    expect(Math.max(...sim.requests.map((r) => r.retryCount ?? 0))).toBeLessThan(QUICK_RETRY.maxAttempts);
    expect(sim.requests.some((r) => (r.retryCount ?? 0) > 0)).toBe(true);
  });

  it.each<[Fault, number | undefined]>([
    [500, 500],
    [529, 529],
    ['reset', undefined],
  ])('a prompt that always meets %s ends errored once, with type, status and request-id, after maxAttempts', async (fault, status) => {
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 3 }) });
    sim = await startSimulator({ faults: (_n, r) => (JSON.stringify(r.messages).includes('case-2') ? fault : undefined) });
    const result = await runLive(dir, sim.url);
    const [c1, c2, c3] = result.suites[0]!.cases;
    expect([c1!.status, c2!.status, c3!.status]).toEqual(['passed', 'errored', 'passed']);
    expect(sim.stats.promptAttempts['case-2']).toBe(QUICK_RETRY.maxAttempts);
    const error = c2!.samples[0]!.error!;
    expect(error.message).toContain(`gave up after ${QUICK_RETRY.maxAttempts} attempts`);
    if (status) expect(error).toMatchObject({ status, requestId: expect.stringMatching(/^req_/) });
    else expect(error.type).toBe('connection_error');
  });

  it('a 400 is not retried', async () => {
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 1 }) });
    sim = await startSimulator({ responder: () => ({ content: 'x' }), apiKey: 'sk-ant-other-key-0000000000' });
    const result = await runLive(dir, sim.url);
    expect(result.suites[0]!.cases[0]!.samples[0]!.error).toMatchObject({ type: 'authentication_error', status: 401 });
    expect(sim.stats.requests).toBe(1);
  });

  it('a stream cut mid-way is retried, and a stalled request times out (--timeout-ms) and is retried', async () => {
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 4, streamEvery: 1 }) });
    const firstTry = new Set<string>();
    sim = await startSimulator({
      faults: (_n, r) => {
        const key = JSON.stringify(r.messages);
        if (firstTry.has(key)) return undefined;
        firstTry.add(key);
        return key.includes('case-1') || key.includes('case-2') ? 'truncated-stream' : 'stall';
      },
    });
    const result = await runLive(dir, sim.url, { timeoutMs: 300 });
    expect(totals(result)).toMatchObject({ passed: 4, errored: 0 });
    expect(sim.stats.faults).toEqual({ 'truncated-stream': 2, stall: 2 });
    for (const n of [1, 2, 3, 4]) expect(sim.stats.promptAttempts[`case-${n}`]).toBe(2);
  });

  it('a request that always stalls is reported as errored: timeout', async () => {
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 1 }) });
    sim = await startSimulator({ faults: () => 'stall' });
    const result = await runLive(dir, sim.url, { timeoutMs: 100, retry: { ...QUICK_RETRY, maxAttempts: 2 } });
    const c = result.suites[0]!.cases[0]!;
    expect(c.status).toBe('errored');
    expect(c.samples[0]!.error).toMatchObject({ type: 'timeout' });
    expect(c.samples[0]!.error!.message).toMatch(/within 100 ms .*gave up after 2 attempts/);
  });
});
