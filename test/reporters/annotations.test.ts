/**
 * GitHub annotations: paths from the repository root (GITHUB_WORKSPACE) wherever promptgate ran,
 * and no more error annotations than GitHub shows in a step, with one notice for the rest.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, MAX_ERROR_ANNOTATIONS } from '../../reporters/github.ts';
import type { RunResult } from '../../src/run-result.ts';
import { suiteYaml } from '../live/project.ts';
import { record, tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { run, suite } from '../results/fixtures.ts';

const failing = (n: number, file = 'suites/s.yaml'): RunResult => {
  const result = run([
    suite(
      's',
      Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, status: i % 2 ? 'errored' : 'failed' })),
    ),
  ]);
  result.suites[0]!.file = file;
  return result;
};
const fileOf = (line: string) => /^::error (?:file=([^,]*),)?/.exec(line)?.[1];

describe('annotation paths', () => {
  it('are relative to the repository root when promptgate runs in a subdirectory', () => {
    const lines = annotations(failing(1), { workspace: '/repo', cwd: '/repo/evals' });
    expect(lines[0]).toMatch(/^::error file=evals\/suites\/s\.yaml,line=10,col=5,title=/);
  });

  it('are made relative when the suite was given as an absolute path inside the repository', () => {
    expect(fileOf(annotations(failing(1, '/repo/evals/suites/s.yaml'), { workspace: '/repo', cwd: '/elsewhere' })[0]!)).toBe('evals/suites/s.yaml');
  });

  it('are left out for a suite outside the repository, which GitHub could not show (the title still names it)', () => {
    const [line] = annotations(failing(1, '../other/s.yaml'), { workspace: '/repo', cwd: '/repo' });
    expect(line).toMatch(/^::error title=s › c1 failed::/);
  });

  it('stay as the run saw them outside GitHub Actions (no GITHUB_WORKSPACE)', () => {
    expect(fileOf(annotations(failing(1), { cwd: '/anywhere' })[0]!)).toBe('suites/s.yaml');
  });
});

describe('annotation count', () => {
  it(`annotates the first ${MAX_ERROR_ANNOTATIONS} failed or errored cases (GitHub shows 10 errors a step), then one notice for the rest`, () => {
    expect(MAX_ERROR_ANNOTATIONS).toBe(10);
    const lines = annotations(failing(25), { workspace: '/repo', cwd: '/repo' });
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(lines.slice(0, 10).map((l) => /title=s › (c\d+)/.exec(l)?.[1])).toEqual(Array.from({ length: 10 }, (_, i) => `c${i + 1}`));
    expect(lines.slice(10)).toEqual(['::notice title=promptgate::15 more cases that did not pass: see the job summary and the JUnit report']);
  });

  it('adds no notice when every case fits', () => {
    const lines = annotations(failing(10), { workspace: '/repo', cwd: '/repo' });
    expect(lines).toHaveLength(10);
    expect(lines.some((l) => l.startsWith('::notice'))).toBe(false);
  });

  it('says "case" for one more', () => {
    expect(annotations(failing(11), { cwd: '/repo' }).at(-1)).toBe(
      '::notice title=promptgate::1 more case that did not pass: see the job summary and the JUnit report',
    );
  });
});

describe('promptgate run in a subdirectory of the repository, in GitHub Actions', () => {
  let sim: Simulator;
  let repo: string;
  beforeAll(async () => {
    sim = await startSimulator();
    repo = await tempProject({ 'evals/suites/s.yaml': suiteYaml({ cases: 12, failEvery: 1 }) });
    await record(path.join(repo, 'evals'), sim.url);
  });
  afterAll(() => sim.close());

  it('annotates at repository paths, ten at most, with a notice for the rest', async () => {
    const summary = path.join(repo, 'summary.md');
    await writeFile(summary, '');
    const out = await runCli(['run'], { cwd: path.join(repo, 'evals'), env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo, GITHUB_STEP_SUMMARY: summary } });
    expect(out.code).toBe(1);
    const lines = out.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toHaveLength(11);
    for (const line of lines.slice(0, 10)) expect(fileOf(line)).toBe('evals/suites/s.yaml');
    expect(lines[10]).toBe('::notice title=promptgate::2 more cases that did not pass: see the job summary and the JUnit report');
  });
});
