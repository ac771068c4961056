import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { importFile, type ImportOptions } from '../../src/import/import-export.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { InputError, formatDiagnostic } from '../../src/input-error.ts';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'promptgate-import-'));
}

/** Imports, writes the YAML into a temp folder, and loads it back with the real suite loader. */
export async function importAndLoad(file: string, opts: ImportOptions = {}) {
  const dir = await tempDir();
  const out = path.join(dir, 'suite.yaml');
  const result = await importFile(file, { ...opts, out });
  for (const f of result.files) await writeFile(f.path, f.text);
  await writeFile(out, result.yaml);
  const [suite] = await loadSuites([out]);
  return { result, suite: suite!, data: parse(result.yaml) as any };
}

/** The formatted diagnostics of the InputError `fn` throws (fails the test if it throws nothing else). */
export async function inputErrorOf(fn: () => Promise<unknown>): Promise<string[]> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected an InputError');
}
