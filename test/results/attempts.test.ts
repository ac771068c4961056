/**
 * Retries, 429s and attempts per sample reach the results JSON, the HTML and the markdown summary,
 * not only the TTY progress line: counted by the runner against a simulator that refuses with 429.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../reporters/html.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { resultsJson } from '../../reporters/results-json.ts';
import type { RunResult, SampleResult } from '../../src/run-result.ts';
import { readRunResult } from '../../src/saved-results/read.ts';
import { runLive, suiteYaml } from '../live/project.ts';
import { startSimulator, lastUserText, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

let sim: Simulator;
let result: RunResult;
const sample = (id: string): SampleResult => result.suites[0]!.cases.find((c) => c.id === id)!.samples[0]!;

beforeAll(async () => {
  // c1: two 429s, then an answer. c2: 429 every time, so it gives up after 6 attempts. c3: at once.
  const refusals = new Map<string, number>();
  sim = await startSimulator({
    faultRetryAfterMs: 5,
    faults: (_, request) => {
      const prompt = lastUserText(request);
      const n = (refusals.get(prompt) ?? 0) + 1;
      refusals.set(prompt, n);
      if (prompt === 'case-1' && n <= 2) return 429;
      if (prompt === 'case-2') return 429;
      return undefined;
    },
  });
  const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 3 }) });
  result = await runLive(dir, sim.url, { concurrency: 3 });
});
afterAll(() => sim.close());

describe('per-sample attempts in the RunResult', () => {
  it('counts every request, the retries among them and the 429s', () => {
    expect(sample('c1')).toMatchObject({ status: 'passed', attempts: 3, retries: 2, rateLimited: 2 });
    expect(sample('c2')).toMatchObject({ status: 'errored', attempts: 6, retries: 5, rateLimited: 6 });
    expect(sample('c3')).toMatchObject({ status: 'passed', attempts: 1 });
    // Nothing to say, nothing written: no retries or 429s fields on a sample that had none.
    expect(sample('c3')).not.toHaveProperty('retries');
    expect(sample('c3')).not.toHaveProperty('rateLimited');
  });

  it('adds up to what the API saw', () => {
    const samples = result.suites[0]!.cases.flatMap((c) => c.samples);
    expect(samples.reduce((n, s) => n + (s.attempts ?? 0), 0)).toBe(sim.stats.byRoute['POST /v1/messages']);
    expect(samples.reduce((n, s) => n + (s.rateLimited ?? 0), 0)).toBe(sim.stats.byStatus[429]);
  });

  it('is saved in the results JSON, which the results reader (and its schema) accepts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-attempts-'));
    const file = path.join(dir, 'results.json');
    writeFileSync(file, resultsJson(result));
    const read = await readRunResult(file);
    expect(read.suites[0]!.cases[0]!.samples[0]).toMatchObject({ attempts: 3, retries: 2, rateLimited: 2 });
    // The schema checks the fields: a count of zero is written as no field, so 0 is refused.
    const bad = JSON.parse(resultsJson(result)) as RunResult;
    bad.suites[0]!.cases[0]!.samples[0]!.rateLimited = 0;
    writeFileSync(file, JSON.stringify(bad, null, 2));
    await expect(readRunResult(file)).rejects.toThrow(/rateLimited/);
  });
});

describe('attempts in the reports', () => {
  it('the HTML says so for the run and for each retried sample', () => {
    const html = htmlReport(result);
    expect(html).toContain('10 API requests: 7 retries, 8 rate-limited (429), in 2 samples');
    expect(html).toContain('<p class="muted requests">3 API requests: 2 retries, 2 rate-limited (429)</p>');
    expect(html).toContain('<p class="muted requests">6 API requests: 5 retries, 6 rate-limited (429)</p>');
  });

  it('the markdown summary says so for the run and for the errored case', () => {
    const md = markdownSummary(result);
    expect(md).toContain('\n10 API requests: 7 retries, 8 rate-limited (429), in 2 samples.\n');
    expect(md).toMatch(/- \*\*load › c2\*\*[^\n]*\n {2}- 6 API requests: 5 retries, 6 rate-limited \(429\)\n/);
  });

  it('a run with no retries, or saved before they were counted, says nothing about them', () => {
    const quiet = structuredClone(result);
    for (const s of quiet.suites[0]!.cases.flatMap((c) => c.samples)) {
      delete s.retries;
      delete s.rateLimited;
      delete s.attempts;
    }
    expect(htmlReport(quiet)).not.toContain('API request');
    expect(markdownSummary(quiet)).not.toContain('API request');
  });
});
