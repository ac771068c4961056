import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('promptgate run --batch (CLI)', () => {
  it('sends the cases as one Message Batch, prints its progress, and prices the calls as batch', async () => {
    sim = await startSimulator({ batchDelayMs: 50 });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 6, failEvery: 3 }) });
    const out = await runCli(['run', '--batch', '--results', 'r.json', '--max-cost', '1'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^batch msgbatch_\S+ ended: 6\/6 done/m);
    expect(sim.stats.batchesCreated).toBe(1);
    expect(sim.stats.byRoute['POST /v1/messages'] ?? 0).toBe(0);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.mode).toBe('batch');
    const calls = result.suites[0]!.cases.flatMap((c) => c.samples.flatMap((s) => s.calls));
    expect(calls.map((c) => c.batch)).toEqual(Array(6).fill(true));
    expect(result.suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'passed', 'failed', 'passed', 'passed', 'failed']);
  });
});

describe('promptgate run in GitHub Actions', () => {
  it('appends the markdown summary to $GITHUB_STEP_SUMMARY and annotates each failed or errored case at its suite line', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 3, failEvery: 2 }) });
    await record(dir, sim.url);
    // Make case 3 stale: an error, annotated like a failure but never counted as one.
    await writeFile(path.join(dir, 'suites/s.yaml'), suiteYaml({ cases: 3, failEvery: 2 }).replace('"case-3"\n', '"case-3 edited"\n'));
    const summary = path.join(dir, 'summary.md');
    await writeFile(summary, '# earlier step\n');
    const out = await runCli(['run'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(out.code).toBe(3);
    const annotations = out.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatch(/^::error file=suites\/s\.yaml,line=9,col=5,title=load › c2 failed::/);
    expect(annotations[1]).toMatch(/^::error file=suites\/s\.yaml,line=13,col=5,title=load › c3 errored::/);
    const md = await readFile(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toMatch(/1 passed.*1 failed.*1 errored/s);
  });
});
