import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../input-error.ts';
import { inRunDir } from '../run-dir.ts';

const SUITE_FILE = /\.ya?ml$/i;
/** JSON Schemas written as YAML live beside suites (`json_schema: schemas/x.schema.yaml`); they are not suites. */
const SCHEMA_FILE = /\.schema\.ya?ml$/i;

/**
 * Suite files under the given paths: folders are searched recursively, in a stable order. A path
 * that finds nothing is a problem, returned beside the files the others found so they are checked too.
 */
export async function discoverSuites(paths: string[]): Promise<{ files: string[]; problems: Diagnostic[] }> {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  for (const p of paths) {
    const info = await stat(inRunDir(p)).catch(() => undefined);
    if (!info) {
      problems.push({ file: p, message: 'no such file or directory' });
    } else if (info.isDirectory()) {
      const found = (await readdir(inRunDir(p), { recursive: true, withFileTypes: true }))
        // Not only regular files: a pipe, a folder or a dangling link named x.yaml is reported when
        // it is read, rather than silently not run.
        .filter((e) => SUITE_FILE.test(e.name) && !SCHEMA_FILE.test(e.name) && !e.parentPath.split(path.sep).includes('node_modules'))
        .map((e) => path.join(p, path.relative(inRunDir(p), e.parentPath), e.name))
        .sort();
      if (found.length === 0) problems.push({ file: p, message: 'no suite files (*.yaml, *.yml) in this folder' });
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files.map((f) => path.normalize(f)))], problems };
}
