/**
 * The command replay prints to refresh a stale or missing recording is runnable as printed: it
 * records into the folder the run read from, so the run that printed it passes afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

/** The printed command's arguments: the hint quotes nothing here (plain names), so spaces split it. */
function hintArgs(stdout: string): string[] {
  const line = /re-record it: npx promptgate (.*)$/m.exec(stdout)?.[1];
  expect(line, stdout).toBeDefined();
  return line!.split(' ');
}

describe('the re-record command', () => {
  it.each([
    ['a --fixtures folder', ['--fixtures', 'recordings/app'], ' --fixtures recordings/app'],
    ['the default folder', [], ''],
    ['--repeat', ['--repeat', '3'], ' --repeat 3'],
    ['--api-version other than the SDK sends', ['--api-version', '2023-06-01'], ' --api-version 2023-06-01'],
  ])('with %s, records where the run reads, and the run passes after it', async (_name, fixtures, said) => {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ name: 'billing', cases: 2 }) });
    const live = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    expect((await runCli(['run', '--record', ...fixtures], { cwd: dir, env: live })).code).toBe(0);
    await writeFile(path.join(dir, 'suites/s.yaml'), suiteYaml({ name: 'billing', cases: 2 }).replace('"case-2"', '"case-2, edited"'));

    const stale = await runCli(['run', ...fixtures], { cwd: dir });
    expect(stale.code).toBe(3);
    expect(stale.stdout).toContain(`re-record it: npx promptgate run suites/s.yaml --record --filter c2${said}\n`);
    const refresh = await runCli(hintArgs(stale.stdout), { cwd: dir, env: live });
    expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
    const after = await runCli(['run', ...fixtures], { cwd: dir });
    expect(after.code, after.stdout).toBe(0);
  });
});
