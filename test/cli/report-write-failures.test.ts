/**
 * A report that cannot be written (a full disk, a directory in its place, a file where a folder
 * should be) is one clear line naming the flag and the path; the other reports are still written;
 * and the run keeps its verdict: its own exit code, except that a run that passed exits 2, since a
 * CI gate that lost its JUnit must not be green.
 *
 * The full disk is a real one: a 64 KB tmpfs, filled, mounted in a mount namespace of the CLI's own
 * (`unshare -Urm`, no root needed where user namespaces are allowed). /dev/full would be written
 * directly (a device is never replaced), so it could not show that no temp file is left behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteYaml } from '../live/project.ts';
import { record, tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { CLI, runCli, spawnProcess } from '../support/cli.ts';

/** A full disk can be mounted here: a user (or mount) namespace with tmpfs allowed. */
function canMountTmpfs(): boolean {
  const probe = mkdtempSync(path.join(tmpdir(), 'pg-mount-probe-'));
  try {
    execFileSync('unshare', ['-Urm', 'sh', '-c', `mount -t tmpfs -o size=4k tmpfs '${probe}'`], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

let sim: Simulator;
let passing: string;
let failing: string;

beforeAll(async () => {
  sim = await startSimulator();
  passing = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 2 }) });
  failing = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 2, failEvery: 2 }) });
  await record(passing, sim.url);
  await record(failing, sim.url);
  for (const dir of [passing, failing]) {
    mkdirSync(path.join(dir, 'out/junit.xml'), { recursive: true });
    writeFileSync(path.join(dir, 'out/file'), 'a file, not a folder\n');
  }
});
afterAll(() => sim.close());

const noCrash = (out: { stderr: string }) => expect(out.stderr).not.toMatch(/internal error|bug in promptgate|\n\s+at /);

describe('a report that cannot be written', () => {
  it('in place of a directory: says so, writes the other reports, and a passing run exits 2, not 0', async () => {
    const out = await runCli(['run', '--junit', 'out/junit.xml', '--results', 'out/results.json', '--markdown', 'out/summary.md'], { cwd: passing });
    noCrash(out);
    expect(out.stderr).toContain('promptgate: cannot write --junit out/junit.xml: it is a directory\n');
    expect(out.stdout).toMatch(/2 passed, 0 failed/);
    expect(existsSync(path.join(passing, 'out/results.json'))).toBe(true);
    expect(existsSync(path.join(passing, 'out/summary.md'))).toBe(true);
    expect(out.code).toBe(2);
  });

  it('under a regular file: names the file in the way, and a failing run keeps exit 1', async () => {
    const out = await runCli(['run', '--junit', 'out/file/junit.xml', '--results', 'out/results.json'], { cwd: failing });
    noCrash(out);
    expect(out.stderr).toContain('promptgate: cannot write --junit out/file/junit.xml: out/file is a file, not a folder\n');
    expect(existsSync(path.join(failing, 'out/results.json'))).toBe(true);
    expect(out.code).toBe(1);
  });

  it('with every report written, a passing run still exits 0', async () => {
    const out = await runCli(['run', '--junit', 'out/ok.xml', '--results', 'out/results.json'], { cwd: passing });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  });

  it('from report and merge too: the others written, exit 2 where it would have been 0, else the verdict', async () => {
    const saved = path.join(passing, 'out/results.json');
    const report = await runCli(['report', saved, '--junit', 'out/junit.xml', '--markdown', 'out/report.md'], { cwd: passing });
    noCrash(report);
    expect(report.stderr).toContain('promptgate: cannot write --junit out/junit.xml: it is a directory\n');
    expect(existsSync(path.join(passing, 'out/report.md'))).toBe(true);
    expect(report.code).toBe(2);

    const failed = path.join(failing, 'out/results.json');
    const merge = await runCli(['merge', failed, '--junit', 'out/junit.xml', '--html', 'out/merged.html'], { cwd: failing });
    noCrash(merge);
    expect(merge.stderr).toContain('promptgate: cannot write --junit out/junit.xml: it is a directory\n');
    expect(existsSync(path.join(failing, 'out/merged.html'))).toBe(true);
    expect(merge.code).toBe(1);
  });

  it.skipIf(!canMountTmpfs())(
    'on a full disk: says so, leaves no temp file, writes the rest, and a passing run exits 2 (skipped where no tmpfs can be mounted)',
    async () => {
      const full = path.join(passing, 'full');
      mkdirSync(full);
      const cli = [process.execPath, CLI, 'run', '--html', 'full/report.html', '--results', 'out/full-run.json'].map((a) => `'${a}'`).join(' ');
      const script = `mount -t tmpfs -o size=64k tmpfs '${full}' && (head -c 65536 /dev/zero > '${full}/fill' 2>/dev/null; true) && ${cli}; code=$?; ls -A '${full}' >&2; exit $code`;
      const out = await spawnProcess('unshare', ['-Urm', 'sh', '-c', script], { cwd: passing });
      noCrash(out);
      expect(out.stderr).toContain('promptgate: cannot write --html full/report.html: no space left on the device\n');
      // What `ls` printed: the filler only, no half-written report and no temp file.
      expect(out.stderr.trim().split('\n').at(-1)).toBe('fill');
      expect(existsSync(path.join(passing, 'out/full-run.json'))).toBe(true);
      expect(readdirSync(full)).toEqual([]);
      expect(out.code).toBe(2);
    },
  );
});
