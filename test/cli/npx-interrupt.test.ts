/**
 * Ctrl-C through npx, as a terminal sends it: SIGINT to the whole foreground process group. npm
 * starts the bin under `sh -c`; promptgate stops, writes its reports and exits 3, but the status
 * npx ends with is what that shell makes of the SIGINT it got too (docs/live.md, "Ctrl-C").
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** Runs `command` in a process group of its own and sends the group SIGINT once `ready(stdout)`. */
function interruptGroup(command: string, args: string[], env: Record<string, string | undefined>, ready: (stdout: string) => boolean): Promise<Ended> {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, CI: undefined, GITHUB_ACTIONS: undefined, PROMPTGATE_LIVE: undefined, ...env } as NodeJS.ProcessEnv,
  });
  let stdout = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!sent && ready(stdout)) {
      sent = true;
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  child.stderr.resume();
  // Bounded: a group that hangs is killed (only this group) and fails its test.
  const guard = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 25_000);
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      done({ code, signal, stdout });
    });
  });
}

/** What `sh -c` makes of a group SIGINT when its command handles it and exits 3: npx ends the same way. */
function shellOutcome(): Promise<Ended> {
  const handles = `process.on('SIGINT', () => process.exit(3)); setTimeout(() => {}, 20000); console.log('ready');`;
  return interruptGroup('sh', ['-c', `"${process.execPath}" -e "${handles}"`], {}, (out) => out.includes('ready'));
}

describe('Ctrl-C through npx', () => {
  it('promptgate exits 3 with its reports written; npx ends as sh does (on dash: killed by SIGINT, 130 in a shell), and the bin run directly exits 3', async () => {
    sim = await startSimulator({ latencyMs: 300 });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 30 }) });
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    const run = (results: string) => [
      'run',
      path.join(dir, 'suites'),
      '--live',
      '--concurrency',
      '2',
      '--fixtures',
      path.join(dir, 'fixtures'),
      '--results',
      path.join(dir, results),
    ];
    const twoPassed = (out: string) => (out.match(/^✓ /gm) ?? []).length >= 2;

    const viaNpx = await interruptGroup('npx', ['--no-install', 'promptgate', ...run('npx.json')], env, twoPassed);
    const sh = await shellOutcome();
    expect({ code: viaNpx.code, signal: viaNpx.signal }).toEqual({ code: sh.code, signal: sh.signal });
    const interrupted = JSON.parse(await readFile(path.join(dir, 'npx.json'), 'utf8')) as RunResult;
    expect(interrupted.stopped).toEqual({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' });
    expect(viaNpx.stdout).toContain('stopped early: interrupted (Ctrl-C)');

    const direct = await interruptGroup(path.join(ROOT, 'node_modules/.bin/promptgate'), run('direct.json'), env, twoPassed);
    expect({ code: direct.code, signal: direct.signal }).toEqual({ code: 3, signal: null });
  });
});
