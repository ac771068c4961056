/**
 * A recording that cannot be written (a read-only or full disk, a folder where the file goes) is an
 * error of its case, said at its file, with the reports written: the run crashed with exit 4 and
 * wrote none, after the answers were paid for. An answer that came back is counted as paid; a
 * recording that cannot even be read is refused before anything is sent.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { runCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';
import { startSimulator } from '../support/sim/index.ts';
import { KEY, suiteYaml } from '../live/project.ts';

it('an answer whose recording cannot be written errors its case, counted as paid; the next for that folder is not sent; every report is still written', async () => {
  const sim = await startSimulator();
  try {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ name: 'load', cases: 2 }) });
    // A file where the suite's folder of recordings goes: no recording under it can be written
    // (root ignores a read-only mode, so this stands in for a read-only or full disk).
    await mkdir(path.join(dir, 'fixtures'));
    await writeFile(path.join(dir, 'fixtures/load'), 'not a folder');
    // One call at a time, so the second case is asked for after the first's write failed.
    const out = await runCli(['run', '--record', '--concurrency', '1', '--results', 'out/r.json', '--junit', 'out/j.xml'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
    });
    expect(out.code, out.stderr).toBe(3);
    expect(out.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    const result = JSON.parse(await readFile(path.join(dir, 'out/r.json'), 'utf8')) as RunResult;
    const samples = result.suites[0]!.cases.map((c) => c.samples[0]!);
    expect(samples.map((s) => s.error?.type)).toEqual(['recording_not_written', 'recording_not_written']);
    expect(samples[0]!.error!.message).toMatch(/^fixtures\/load\/c1\.json: the recording could not be written \(EEXIST: file already exists, mkdir /);
    // The first was sent once and answered: counted as answered, not at a worst case, and not retried.
    // The second, whose recording would go to the same folder, was not sent at all.
    expect(sim.stats.requests).toBe(1);
    expect(samples.map((s) => s.calls.map((c) => c.outcome))).toEqual([[undefined], []]);
    expect(samples[1]!.error).toMatchObject({
      notSent: true,
      message: expect.stringMatching(/^not sent, as no recording can be written: fixtures\/load\/c1\.json: /),
    });
    expect(await readFile(path.join(dir, 'out/j.xml'), 'utf8')).toContain('recording_not_written');
  } finally {
    await sim.close();
  }
});

it('a folder where a recording should be is refused before anything is sent, and costs nothing', async () => {
  const sim = await startSimulator();
  try {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ name: 'load', cases: 1 }) });
    await mkdir(path.join(dir, 'fixtures/load/c1.json'), { recursive: true });
    const out = await runCli(['run', '--record=all', '--results', 'out/r.json'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'out/r.json'), 'utf8')) as RunResult;
    const sample = result.suites[0]!.cases[0]!.samples[0]!;
    expect(sample.error).toMatchObject({ type: 'bad_recording', notSent: true });
    expect(sample.error!.hint).toMatch(/^remove it or make it a readable file, then re-record it: /);
    expect(sample.calls).toEqual([]);
    expect(sim.stats.requests).toBe(0);
  } finally {
    await sim.close();
  }
});
