/**
 * The compare job's "Download main's last results" step, run with a stand-in gh: it walks main's push
 * runs of the workflow, newest first, to the first that kept the artifact. It read one page of
 * artifacts by name, which a busy repository's PR runs (each uploading one of that name) filled,
 * so the baseline went missing and compare passed with "no baseline yet".
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const workflow = parse(readFileSync(path.join(root, '.github/workflows/prompt-regression.yml'), 'utf8')) as {
  jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
};
const script = workflow.jobs.compare!.steps.find((s) => s.name === "Download main's last results")!.run!;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'promptgate-baseline-step-'));
  mkdirSync(path.join(dir, 'bin'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** gh as the step calls it: main's runs (ids, newest first), each run's count of kept artifacts, and run download. */
function fakeGh(runs: number[], kept: Record<number, number>) {
  const lines = [
    '#!/usr/bin/env bash',
    'echo "$*" >> "$PWD/gh.calls"',
    'case "$2" in',
    `  */workflows/prompt-regression.yml/runs\\?branch=trunk\\&event=push*) printf '%s\\n' ${runs.join(' ')} ;;`,
    ...Object.entries(kept).map(([id, n]) => `  */runs/${id}/artifacts*) echo ${n} ;;`),
    '  *) [ "$1" = run ] && mkdir -p baseline && echo "{}" > baseline/results.json && exit 0; echo 0 ;;',
    'esac',
  ];
  writeFileSync(path.join(dir, 'bin/gh'), lines.join('\n') + '\n');
  chmodSync(path.join(dir, 'bin/gh'), 0o755);
}

function step() {
  const output = path.join(dir, 'output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      KIND: 'replay',
      GITHUB_OUTPUT: output,
      GITHUB_REPOSITORY: 'acme/app',
      // Its default branch, as the step's env gives it (github.event.repository.default_branch).
      DEFAULT_BRANCH: 'trunk',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/prompt-regression.yml@refs/pull/7/merge',
    },
  });
  const calls = existsSync(path.join(dir, 'gh.calls')) ? readFileSync(path.join(dir, 'gh.calls'), 'utf8').trim().split('\n') : [];
  return { code: r.status, out: r.stdout + r.stderr, found: readFileSync(output, 'utf8').trim(), calls };
}

it("downloads from the newest of main's runs that kept the artifact, past ones that did not", () => {
  fakeGh([31, 30, 29], { 31: 0, 30: 1, 29: 1 });
  const r = step();
  expect(r.code, r.out).toBe(0);
  expect(r.found).toBe('found=true');
  expect(r.calls.at(-1)).toBe('run download 30 --name promptgate-replay-results --dir baseline');
  expect(r.calls.filter((c) => c.includes('/runs/29/'))).toEqual([]);
});

it('says there is no baseline yet when no run on main kept one', () => {
  fakeGh([31, 30], { 31: 0, 30: 0 });
  const r = step();
  expect(r.code, r.out).toBe(0);
  expect(r.found).toBe('found=false');
  expect(r.out).toContain('::notice::no promptgate-replay-results artifact from main yet');
});
