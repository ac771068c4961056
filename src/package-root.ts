/**
 * The installed package, found once: the same answer from `src/` (a checkout, run by Node's type
 * stripping) and from `dist/src/` (the published build). Files the package ships beside its code
 * (the schema, the init templates) and its version are read from here, never through a JSON import,
 * which would make tsc emit a stray `dist/package.json` that module resolution then mistakes for
 * the package root.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'promptgate') return dir;
    if (path.dirname(dir) === dir) throw new Error(`promptgate: no package.json above ${from}; the package is incomplete`);
  }
}

export const packageRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

export const packageVersion = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** A file the package ships, by its '/'-separated path from the package root. */
export function packageFile(relative: string): string {
  return path.join(packageRoot, ...relative.split('/'));
}
