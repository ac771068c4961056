/**
 * How the tests drive the CLI. `runCli` calls `main()` in this process (test/support/run-main.ts),
 * where nothing of the test process's env or cwd reaches it: a test passes every env var and the cwd
 * it relies on.
 *
 * `spawnCli` keeps a real process (the bin, which runs the bundle the global setup builds from the
 * sources, test/support/build-cli.ts), for what only a process has. Where it is still used, and why:
 * - test/live/interrupt.test.ts, test/live/cli.test.ts (its Ctrl-C test), test/cli/redos.test.ts and
 *   test/cli/estimate-interrupt.test.ts (Ctrl-C while a pattern runs, during the estimate): signals sent mid-run.
 * - test/cli/crash.test.ts: an unhandled rejection is exit 4 through the process's own handler.
 * - test/cli/no-key-leaks.test.ts, test/cli/check-write-redaction.test.ts, test/live/deprecated-models.test.ts:
 *   a check or the SDK writes to the process's own streams (and reads its env), which only the bin guards.
 * - test/cli/missing-sdk.test.ts: the bundle copied beside no SDK; module resolution is the process's.
 * - test/cli/sources.test.ts: the TypeScript sources run by Node itself, against the bundle.
 * - test/suite/request-builder.test.ts (a syntax error): Node's own loader names it, not vitest's transform.
 * - test/suite/typescript-without-node.test.ts: Node's own flags (type stripping off).
 * - test/suite/request-builder.test.ts, test/assertions/schema-module.test.ts,
 *   test/cli/custom-check-modules.test.ts: a run after the test edits a module the suite imports;
 *   a process that has imported it keeps the old one.
 * - test/cli/report-write-failures.test.ts (full disk, spawnProcess): the CLI in a mount namespace.
 * Elsewhere, by their own means: test/packed (installed tarball, bin, npx), test/cli/npx-interrupt
 * (signals through npx), test/ci (the action's shell scripts run the bin), test/vitest (vitest's own
 * CLI), and bin/check-node.js, which npm test runs first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { runMain } from './run-main.ts';

/** The bin: it runs the bundle's main() with the process's arguments, streams and signals (importing the bundle alone does nothing). */
export const CLI = path.resolve(import.meta.dirname, '../../bin/promptgate.js');

export type CliEnv = Record<string, string | undefined>;

export interface CliOptions {
  /** Default: this process's cwd (the repository root under vitest). */
  cwd?: string;
  /** The whole environment the command sees. */
  env?: CliEnv;
}

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** `promptgate <args>` in this process, with exactly `env` (default: none) and `cwd`; resolves with its exit code and output. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliOutput> {
  return runMain(args, { cwd: options.cwd ?? process.cwd(), env: options.env ?? {} });
}

export interface SpawnCliOptions extends CliOptions {
  /** Node's own flags, before the script. */
  nodeFlags?: string[];
  /** Default: the bundle. */
  entry?: string;
  /** Sees all stdout so far as it comes, with the child (to send it a signal mid-run). */
  onStdout?: (text: string, child: ChildProcess) => void;
}

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What a Node child needs to start and to find its compile cache and temp folder, and nothing else. */
const STARTUP = ['PATH', 'HOME', 'TMPDIR', 'NODE_COMPILE_CACHE', 'NODE_OPTIONS'];

export function childEnv(env: CliEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(STARTUP.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]])));
  const merged: CliEnv = { ...base, ...env };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The bundle (or `entry`) as a real process with exactly `env` (see childEnv). */
export function spawnCli(args: string[], options: SpawnCliOptions = {}): Promise<Spawned> {
  return spawnProcess(process.execPath, [...(options.nodeFlags ?? []), options.entry ?? CLI, ...args], options);
}

/** Any command (a shell wrapping the CLI), with exactly `env` (see childEnv). */
export function spawnProcess(file: string, args: string[], options: Omit<SpawnCliOptions, 'nodeFlags' | 'entry'> = {}): Promise<Spawned> {
  const child = spawn(file, args, { cwd: options.cwd, env: childEnv(options.env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    options.onStdout?.(stdout, child);
  });
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  // A hung CLI is killed (only this child) rather than left behind; longer than any test's timeout,
  // so the test's own timeout decides the verdict and this only cleans up.
  const guard = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      done({ code, signal, stdout, stderr });
    });
  });
}
