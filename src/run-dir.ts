/**
 * A run's working directory. Paths a user gives (suites, fixtures, reports) stay as given, in what
 * promptgate shows and stores; only where a file is opened are they resolved, against the
 * directory of the run whose code is executing (withRunDir). Outside a run, Node's own rule: the
 * process's directory.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';

const runDir = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it awaits) with relative paths opened from `cwd`. */
export function withRunDir<T>(cwd: string, fn: () => T): T {
  return runDir.run(cwd, fn);
}

/** Where to open `file`: from the run's directory when in one, else as given. */
export function inRunDir(file: string): string {
  const dir = runDir.getStore();
  return dir === undefined ? file : path.resolve(dir, file);
}
