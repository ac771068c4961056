/**
 * The steps of a check on a fresh project that installed the packed tarball, shared by
 * scripts/check-vitest-majors.ts and scripts/check-sdk-majors.ts: each step is timed and judged, a
 * failed one does not stop the next, and every project ends as one line.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { installedProject } from '../test/support/packed.ts';

export const exec = promisify(execFile);

export class CheckFailed extends Error {}

export interface Step {
  name: string;
  ms: number;
  ok: boolean;
  detail?: string;
}

export interface Outcome {
  name: string;
  steps: Step[];
  note: string;
  dir?: string;
}

/**
 * Runs one step and records its time and verdict. A failed step does not stop the ones after it:
 * types may fail where the run works, or the reverse, and both are worth knowing.
 */
export async function step(outcome: Outcome, name: string, run: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  try {
    await run();
    outcome.steps.push({ name, ms: performance.now() - start, ok: true });
  } catch (e) {
    if (!(e instanceof CheckFailed)) throw e;
    outcome.steps.push({ name, ms: performance.now() - start, ok: false, detail: e.message });
  }
}

export const passed = (o: Outcome) => o.steps.length > 0 && o.steps.every((s) => s.ok);

/** Runs a command in the project; a non-zero exit becomes a CheckFailed carrying its output. */
export async function run(dir: string, command: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, { cwd: dir, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env } });
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
    throw new CheckFailed(`${command} ${args.join(' ')} failed:\n${`${stdout}\n${stderr}`.trim()}`);
  }
}

export interface Installed {
  dir?: string;
  step: Step;
}

/** A fresh project with the tarball and `deps`; a failed install (npm refusing a range) is a failed step. */
export async function install(files: Record<string, string>, deps: Record<string, string>, npmFlags: string[] = []): Promise<Installed> {
  const start = performance.now();
  try {
    const dir = await installedProject(files, deps, npmFlags);
    return { dir, step: { name: 'install', ms: performance.now() - start, ok: true } };
  } catch (e) {
    const detail = `npm install ${[...npmFlags, ...Object.entries(deps).map(([n, r]) => `${n}@${r}`)].join(' ')} failed:\n${(e as { stderr?: string }).stderr ?? String(e)}`;
    return { step: { name: 'install', ms: performance.now() - start, ok: false, detail } };
  }
}

export function line(o: Outcome): string {
  const steps = o.steps.map((st) => `${st.name} ${st.ok ? '' : 'FAILED '}${(st.ms / 1000).toFixed(1)}s`).join(', ');
  return `${passed(o) ? 'pass' : 'FAIL'}  ${o.name.padEnd(28)} ${steps}${o.note ? `  (${o.note})` : ''}`;
}

/**
 * Removes the projects that passed (and the tarball), prints what failed and where the failing
 * project was kept to reproduce it in, and the closing count; sets the exit code.
 */
export async function finish(outcomes: Outcome[], tarball: string, started: number): Promise<void> {
  for (const o of outcomes) {
    if (passed(o)) {
      if (o.dir) await rm(o.dir, { recursive: true, force: true });
      continue;
    }
    for (const st of o.steps.filter((st) => !st.ok)) console.log(`\n${o.name}, ${st.name}: ${st.detail}`);
    if (o.dir) console.log(`(project kept at ${o.dir})`);
  }
  await rm(path.dirname(tarball), { recursive: true, force: true });
  const failed = outcomes.filter((o) => !passed(o)).length;
  console.log(
    `${failed ? `${failed} of ${outcomes.length} failed` : `all ${outcomes.length} passed`} in ${((performance.now() - started) / 1000).toFixed(1)}s`,
  );
  process.exitCode = failed ? 1 : 0;
}

/** The installed version of `pkg` in `dir`'s node_modules, or `none`. */
export async function versionOf(dir: string, pkg: string): Promise<string> {
  const file = path.join(dir, 'node_modules', pkg, 'package.json');
  return readFile(file, 'utf8').then(
    (text) => (JSON.parse(text) as { version: string }).version,
    () => 'none',
  );
}

/** A project's suites/ and fixtures/ as files for a new project: a user's own, as they would commit them. */
export async function suitesAndFixtures(project: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const sub of ['suites', 'fixtures']) {
    for (const entry of await readdir(path.join(project, sub), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(project, file)] = await readFile(file, 'utf8');
    }
  }
  return files;
}
