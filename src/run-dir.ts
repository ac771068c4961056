/**
 * A run's working directory. Paths a user gives stay as given in what promptgate shows and stores,
 * and are resolved only where a file is opened, against the running run's directory (withRunDir);
 * outside a run, the process's.
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
