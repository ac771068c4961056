import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import { formatUsd } from '../../src/format/usd.ts';
import { callCost } from '../../src/pricing/cost.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runLive, suiteYaml } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the progress line on a TTY', () => {
  it('shows done/total, in flight, the adaptive concurrency, 429s seen and spend, and they stay true', async () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const dir = await tempProject({ 'suites/load.yaml': suiteYaml({ cases: 40 }) });
      sim = await startSimulator({ maxConcurrent: 2, latencyMs: 10, faults: { rate: 0.1, kinds: [429] }, faultRetryAfterMs: 10 });
      const writes: string[] = [];
      const reporter = new ConsoleReporter({ out: { isTTY: true, write: (s: string) => writes.push(s) } });
      const result = await runLive(dir, sim.url, { concurrency: 6, onEvent: reporter.onEvent });
      // oxlint-disable-next-line no-control-regex -- strips the reporter's colour codes
      const lines = writes.filter((w) => w.startsWith('\r\x1b[2K[')).map((w) => w.replace(/\x1b\[[0-9;]*m/g, '').slice(5));
      const last = lines.at(-1)!;
      const taken = sim.stats.rateLimited + (sim.stats.faults['429'] ?? 0);
      expect(taken).toBeGreaterThan(0);
      const concurrency = Number(/concurrency (\d+)/.exec(last)![1]);
      expect(concurrency).toBeGreaterThanOrEqual(1);
      expect(concurrency).toBeLessThanOrEqual(6);
      expect(last).toMatch(new RegExp(`^\\[40/40\\] ✓ 40 ✗ 0 ! 0 · in flight 0 · concurrency \\d+ · 429s ${taken} · retries \\d+ · \\$0\\.\\d{2,6}$`));
      const spent = result.suites[0]!.cases.flatMap((c) => c.samples.flatMap((x) => x.calls)).reduce(
        (sum, c) => sum + callCost(c.model, c.usage, { batch: false })!.total,
        0,
      );
      expect(last.endsWith(` · ${formatUsd(spent)}`)).toBe(true);
      for (const line of lines) {
        const inFlight = Number(/in flight (\d+)/.exec(line)![1]);
        expect(inFlight).toBeLessThanOrEqual(6);
      }
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
  });
});
