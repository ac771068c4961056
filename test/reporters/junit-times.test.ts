/** JUnit times: a testcase's own time, a suite's wall time, neither longer than the run. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitXml } from '../../reporters/junit.ts';
import type { RunResult } from '../../src/run-result.ts';
import { runLive, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { caseResult, sample } from './fixtures.ts';

/** Seconds of every `time` attribute, by element. */
function times(xml: string) {
  const of = (tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag} [^>]*?\\bname="([^"]*)"[^>]*?\\btime="([\\d.]+)"`, 'g'))].map((m) => ({ name: m[1]!, time: Number(m[2]) }));
  return { run: of('testsuites')[0]!.time, suites: of('testsuite'), cases: of('testcase') };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * What the runner records for an 11.7 s run at concurrency 4: each case's start (from the run's start)
 * and its own wall time; its samples took 200-400 ms each.
 */
function concurrentRun(): RunResult {
  const suites = ['a', 'b', 'c'].map((name, si) => ({
    file: `suites/${name}.yaml`,
    name,
    digest: 'sha256:00',
    cases: Array.from({ length: 40 }, (_, i) => {
      const n = si * 40 + i;
      const d = 200 + (n % 3) * 100;
      const end = 300 + Math.round((n / 119) * 11_300);
      return caseResult({
        id: `c${i}`,
        line: 4 + i,
        status: 'passed',
        startMs: end - d,
        durationMs: d,
        samples: [sample({ status: 'passed', durationMs: d })],
      });
    }),
  }));
  return { version: 1, tool: { name: 'promptgate', version: '0.1.0' }, mode: 'live', startedAt: '2026-11-03T09:15:42.123Z', durationMs: 11_700, suites };
}

describe('JUnit times', () => {
  it("gives each testcase its own time and each testsuite its wall time, never longer than the run's", () => {
    const result = concurrentRun();
    const t = times(junitXml(result));
    expect(t.run).toBe(11.7);
    // Before: the suites read 1,196.7 s together, each testcase its end time counted from the run's start.
    // Suite a: its last case ended at 4.003 s, its earliest started at 0.090 s (case c2: ended 0.490, took 0.400).
    expect(t.suites.map((s) => s.time)).toEqual([3.913, 4.009, 4.103]);
    for (const s of t.suites) expect(s.time).toBeLessThanOrEqual(t.run);
    const own = result.suites.flatMap((s) => s.cases.map((c) => sum(c.samples.map((x) => x.durationMs)) / 1000));
    expect(t.cases.map((c) => c.time)).toEqual(own);
    // 120 samples of 0.2-0.4 s: 36 s of work in 11.7 s at concurrency 4, under 4 x 11.7 s.
    expect(sum(t.cases.map((c) => c.time))).toBeCloseTo(36, 6);
  });

  it('counts a repeated case as its samples added up, and a suite at least as long as its longest sample', () => {
    const result = concurrentRun();
    const c = result.suites[0]!.cases[0]!;
    c.repeat = 3;
    c.samples = [1, 2, 3].map((repeat) => sample({ repeat, status: 'passed', durationMs: 900 }));
    // The three ran side by side: the case's own wall time is one sample's.
    c.durationMs = 900;
    result.suites[0]!.cases = [c];
    const t = times(junitXml(result));
    expect(t.cases[0]!.time).toBe(2.7);
    expect(t.suites[0]!.time).toBe(0.9);
  });

  it('reads a results file written before cases had startMs: a suite is then its longest case, never more than the truth', () => {
    const result = concurrentRun();
    for (const c of result.suites[0]!.cases) delete c.startMs;
    expect(times(junitXml(result)).suites[0]!.time).toBe(0.4);
  });

  it('skipped cases take no time, and a suite of only skipped cases none', () => {
    const result = concurrentRun();
    result.suites = [{ ...result.suites[0]!, cases: [caseResult({ id: 'later', line: 3, status: 'skipped', reason: 'skip: later', durationMs: 0 })] }];
    const t = times(junitXml(result));
    expect(t.cases[0]!.time).toBe(0);
    expect(t.suites[0]!.time).toBe(0);
  });

  describe('in a real run (3 suites of 12 cases at concurrency 4, 15 ms a call)', () => {
    let sim: Simulator;
    let result: RunResult;
    beforeAll(async () => {
      sim = await startSimulator({ latencyMs: 15 });
      const dir = await tempProject(Object.fromEntries(['a', 'b', 'c'].map((name) => [`suites/${name}.yaml`, suiteYaml({ name, cases: 12 })])));
      result = await runLive(dir, sim.url, { concurrency: 4 });
    });
    afterAll(() => sim.close());

    it('no testsuite is longer than the run, and each testcase is its samples added up', () => {
      const t = times(junitXml(result));
      expect(t.run).toBe(result.durationMs / 1000);
      expect(t.suites).toHaveLength(3);
      for (const s of t.suites) {
        expect(s.time).toBeLessThanOrEqual(t.run);
        expect(s.time).toBeGreaterThan(0);
      }
      const own = result.suites.flatMap((s) => s.cases.map((c) => sum(c.samples.map((x) => x.durationMs)) / 1000));
      expect(t.cases.map((c) => c.time)).toEqual(own);
      for (const c of t.cases) expect(c.time).toBeLessThanOrEqual(t.run);
      // Each case says when it started; a suite spans its cases, so it is at least its longest.
      for (const [i, suite] of result.suites.entries()) {
        for (const c of suite.cases) expect(c.startMs).toBeGreaterThanOrEqual(0);
        expect(t.suites[i]!.time * 1000).toBeGreaterThanOrEqual(Math.max(...suite.cases.map((c) => c.durationMs)) - 1);
      }
    });
  });
});
