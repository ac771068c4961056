/**
 * A live run without --concurrency against the rate-limiting simulator: the limit follows what the
 * rate-limit headers allow, every case is answered exactly once, a tier-1 account gets no burst,
 * --concurrency stays a ceiling, and what a gateway sends (fractional limits, absurd waits) cannot
 * stall the run. No wall-time thresholds: verdicts are counts the simulator kept.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { totals } from '../../src/run-result.ts';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { KEY, QUICK_RETRY, runLive, suiteYaml } from './project.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Runs `cases` cases with the default concurrency; returns the result and the highest limit seen. */
async function runAuto(cases: number, extra: Parameters<typeof runLive>[2] = {}) {
  const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases }) });
  let highest = 0;
  const result = await runLive(dir, sim!.url, { concurrency: undefined, onEvent: (e) => void (highest = Math.max(highest, e.progress.concurrency)), ...extra });
  return { result, highest };
}

/** Each case's prompt served once, none twice, none missing. */
function servedOnce(cases: number): void {
  const served = sim!.stats.promptServed;
  expect(Object.keys(served)).toHaveLength(cases);
  expect(Object.entries(served).filter(([, n]) => n !== 1)).toEqual([]);
}

describe('without --concurrency', () => {
  it('grows past 4 when the headers allow it (3,000 a minute at 200 ms, 8% 529s), every case answered once', async () => {
    sim = await startSimulator({ rpm: 3_000, latencyMs: 200, faults: { rate: 0.08, kinds: [529] }, seed: 7 });
    const { result, highest } = await runAuto(150);
    expect(totals(result)).toMatchObject({ passed: 150, errored: 0 });
    servedOnce(150);
    expect(highest).toBeGreaterThan(4);
    expect(sim.stats.maxInFlight).toBeGreaterThan(4);
  });

  it('a tier-1 account (50 a minute, a burst of one): one request first, then paced, so not one 429', async () => {
    sim = await startSimulator({ rpm: 50, latencyMs: 20 });
    const { result, highest } = await runAuto(3);
    expect(totals(result)).toMatchObject({ passed: 3, errored: 0 });
    expect(sim.stats.rateLimited).toBe(0);
    expect(highest).toBe(1);
  });

  it('follows the input-token limit the headers state, not only the request limit', async () => {
    // ~1,000 input tokens a case against 300,000 a minute: 5 a second, where 3,000 requests a minute would allow 50.
    sim = await startSimulator({ rpm: 3_000, itpm: 300_000, latencyMs: 200 });
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 30, extra: `system: '${'x'.repeat(4000)}'` }) });
    let highest = 0;
    const result = await runLive(dir, sim.url, { concurrency: undefined, onEvent: (e) => void (highest = Math.max(highest, e.progress.concurrency)) });
    expect(totals(result)).toMatchObject({ passed: 30, errored: 0 });
    servedOnce(30);
    // 5 a second x ~0.2 s x 1.5 is 2; the request limit alone would allow 15.
    expect(highest).toBeLessThanOrEqual(4);
  });
});

describe('--concurrency', () => {
  it('is a hard ceiling: headers that allow 15 in flight never get more than 3', async () => {
    sim = await startSimulator({ rpm: 3_000, latencyMs: 100 });
    const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 40 }) });
    const result = await runLive(dir, sim.url, { concurrency: 3 });
    expect(totals(result)).toMatchObject({ passed: 40, errored: 0 });
    expect(sim.stats.maxInFlight).toBe(3);
  });
});

describe('what a gateway sends cannot stall the run', () => {
  it('a fractional request limit (0.5 a minute) on every answer is not paced to', { timeout: 20_000 }, async () => {
    sim = await startSimulator({ gatewayHeaders: { 'anthropic-ratelimit-requests-limit': '0.5', 'anthropic-ratelimit-requests-remaining': '0.5' } });
    const { result } = await runAuto(12);
    expect(totals(result)).toMatchObject({ passed: 12, errored: 0 });
    servedOnce(12);
  });

  it('retry-after: 0.5 (and no retry-after-ms) on a 429 is waited, half a second, and the case is answered once', { timeout: 20_000 }, async () => {
    const arrivals: number[] = [];
    sim = await startSimulator({
      gatewayHeaders: { 'retry-after': '0.5', 'retry-after-ms': null },
      faults: (n) => (n === 1 ? 429 : undefined),
      // Called on the server as each admitted request arrives: the first case's two attempts are the first two.
      latencyMs: () => {
        arrivals.push(performance.now());
        return 0;
      },
    });
    const { result } = await runAuto(1, { retry: { ...QUICK_RETRY, maxRetryAfterMs: 1_000 } });
    expect(totals(result)).toMatchObject({ passed: 1, errored: 0 });
    servedOnce(1);
    expect(arrivals).toHaveLength(2);
    // Never earlier than asked (a timer never fires early); QUICK_RETRY's own backoff would be at most 20 ms.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(500);
  });

  it('a used-up limit whose retry-after is an hour pauses the others no longer than the policy waits', { timeout: 20_000 }, async () => {
    sim = await startSimulator({
      gatewayHeaders: {
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      faultRetryAfterMs: 3_600_000,
      faults: (n) => (n === 1 ? 429 : undefined),
    });
    const { result } = await runAuto(20, { retry: { ...QUICK_RETRY, maxRetryAfterMs: 500 } });
    // The one asked to wait an hour ends (more than the policy waits); the others are answered after at most 500 ms.
    expect(totals(result)).toMatchObject({ passed: 19, errored: 1 });
  });
});

describe('answers that were not the API’s', () => {
  it('record with every cassette fresh sends nothing, and its replays neither end the first request’s wait nor set a limit', async () => {
    sim = await startSimulator({ rpm: 3_000 });
    const suites = await loadSuites([path.join(ROOT, 'suites/contact-extraction.yaml')]);
    const live = new LiveTransport({ apiKey: KEY, baseURL: sim.url });
    const transport = new RecordTransport(new ReplayTransport(path.join(ROOT, 'fixtures')), live, 'new');
    let highest = 0;
    const result = await runSuites(suites, { transport, toolVersion: 'test', onEvent: (e) => void (highest = Math.max(highest, e.progress.concurrency)) });
    expect(totals(result).errored).toBe(0);
    expect(sim.stats.requests).toBe(0);
    expect(highest).toBe(1);
  });
});
