import path from 'node:path';

/** `dir` (resolved) and each folder above it, up to the root: where a lockfile, a .git or a package is looked for. */
export function* foldersUp(dir: string): Generator<string> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    yield at;
    if (path.dirname(at) === at) return;
  }
}
