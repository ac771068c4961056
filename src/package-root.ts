/**
 * The installed package, found once, the same from `src/`, `dist/src/` and `dist/cli/`. Shipped files
 * and the version are read from here, never through a JSON import, which would make tsc emit a stray
 * `dist/package.json` that module resolution mistakes for the package root.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldersUp } from './folders-up.ts';

interface Manifest {
  name?: string;
  version: string;
}

/** The nearest package.json above `from` that is promptgate's, read once for its folder and version. */
function findPackage(from: string): { root: string; manifest: Manifest } {
  for (const dir of foldersUp(from)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (manifest.name === 'promptgate') return { root: dir, manifest };
    }
  }
  throw new Error(`promptgate: no package.json above ${from}; the package is incomplete`);
}

const found = findPackage(path.dirname(fileURLToPath(import.meta.url)));

const packageRoot = found.root;

export const packageVersion = found.manifest.version;

/** A file the package ships, by its '/'-separated path from the package root. */
export function packageFile(relative: string): string {
  return path.join(packageRoot, ...relative.split('/'));
}
