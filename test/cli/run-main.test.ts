/** runMain (main() in-process) gives what the spawned bin gives: the same exit code, stdout and stderr. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { INTERRUPT_GRACE_MS } from '../../src/runner/run.ts';
import { CLI } from '../support/cli.ts';
import { runMain } from '../support/run-main.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Durations differ between two runs, and cases print as they finish (in any order); nothing else may.
const steady = (text: string) => {
  const lines = text.replace(/ in [\d.,]+ (ms|s|min)( [\d.]+ s)?\b/g, ' in (time)').split('\n');
  const caseLine = (l: string) => /^[✓✗?~!] /.test(l);
  const cases = lines.filter(caseLine).sort((a, b) => a.localeCompare(b));
  return lines.map((l) => (caseLine(l) ? cases.shift()! : l)).join('\n');
};

it.each([
  ['--version', ['--version']],
  ['--help', ['--help']],
  ['a subcommand --help', ['run', '--help']],
  ['an unknown command', ['bogus']],
  ['a bad flag value', ['run', '--concurrency', '0']],
  ['a missing suite path', ['validate', 'nope/']],
  ['a bad price file', ['validate', '--prices', 'nope.json']],
  ['a replay of the shipped suites', ['run']],
  // Another directory than the test process's: paths resolve against it and show as given.
  ['a replay in an example project', ['run', 'suites/', '--fixtures', 'fixtures'], 'examples/ticket-router'],
  ['a validate there of a file that is not', ['validate', 'suites/nope.yaml'], 'examples/ticket-router'],
])('%s', async (_what, args, dir = '.') => {
  const cwd = path.resolve(ROOT, dir);
  const spawned = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const inProcess = await runMain(args, { cwd, env: { ...process.env, CI: '1' } });
  expect({ code: inProcess.code, stdout: steady(inProcess.stdout), stderr: inProcess.stderr }).toEqual({
    code: spawned.status,
    stdout: steady(spawned.stdout),
    stderr: spawned.stderr,
  });
});

it("a run interrupted through main's signal stops, reports and exits 3, as after a Ctrl-C", async () => {
  const signal = AbortSignal.abort({ reason: 'interrupted', message: 'interrupted (test)', again: 'the test' });
  const r = await runMain(['run'], { cwd: ROOT, env: { ...process.env, CI: '1' }, signal });
  expect(r.stdout).toContain(`promptgate: calls in flight get ${INTERRUPT_GRACE_MS / 1000} s to answer; the test again cuts them now\n`);
  expect(r.stdout).toMatch(/stopping: interrupted \(test\)/);
  expect(r.code).toBe(3);
});
