/** `promptgate import FILE`: the suite YAML to stdout, or atomically to --out (an existing file only with --force); notes on stderr. */
import { writeFileAtomic } from '../fs/atomic.ts';
import { importFile } from '../import/import-export.ts';
import { lstat } from 'node:fs/promises';
import { formatDiagnostic, InputError } from '../input-error.ts';

export async function importExport(file: string, opts: { prompt?: string; out?: string; name?: string; model?: string; force?: boolean }): Promise<void> {
  const result = await importFile(file, opts);
  // Checked before anything is written: an import never half-replaces a suite someone edited.
  const existing = opts.out === undefined || opts.force ? [] : await existingFiles([opts.out, ...result.files.map((f) => f.path)]);
  if (existing.length) throw new InputError(existing.map((f) => ({ file: f, message: 'already exists; pass --force to overwrite it' })));
  for (const w of result.warnings) process.stderr.write(formatDiagnostic(w).replace(': error: ', ': warning: ') + '\n');
  for (const note of result.notes) process.stderr.write(`promptgate import: ${note}\n`);
  if (opts.out === undefined) {
    process.stdout.write(result.yaml);
    return;
  }
  for (const f of result.files) await writeFileAtomic(f.path, f.text);
  await writeFileAtomic(opts.out, result.yaml);
  process.stderr.write(`promptgate import: wrote ${opts.out}; check it with: promptgate validate ${opts.out}\n`);
}

/** Those of `files` that are there (a dangling link too: writing would go through it). */
async function existingFiles(files: string[]): Promise<string[]> {
  const there = await Promise.all(files.map((f) => lstat(f).then(() => true, () => false)));
  return files.filter((_, i) => there[i]);
}
