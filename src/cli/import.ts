/** `promptgate import FILE`: the suite YAML to stdout, or atomically to --out (an existing file only with --force); notes on stderr. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { outsideLine } from '../format/outside-text.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
import { importFile } from '../import/import-export.ts';
import { formatDiagnostic, InputError } from '../input-error.ts';
import type { Cli } from './io.ts';
import { priceDay } from '../pricing/price-table.ts';
import { refuseUnknownModels } from '../suite/unknown-models.ts';

export async function importExport(
  file: string,
  opts: { prompt?: string; out?: string; name?: string; model?: string; force?: boolean },
  cli: Cli,
): Promise<number> {
  // An id nothing knows is refused here, with the nearest ones, not written into a suite validate then refuses.
  refuseUnknownModels('--model', opts.model === undefined ? [] : [opts.model], priceDay());
  const result = await importFile(file, { ...opts, cwd: cli.cwd });
  // Checked before anything is written: an import never half-replaces a suite someone edited.
  const existing = opts.out === undefined || opts.force ? [] : await existingFiles([opts.out, ...result.files.map((f) => f.path)], cli.cwd);
  // The prompt file's path is built absolute beside --out: named as --out is, relative when it is.
  const shown = (f: string) => (f === opts.out || path.isAbsolute(opts.out!) ? f : path.relative(cli.cwd, f));
  if (existing.length) throw new InputError(existing.map((f) => ({ file: shown(f), message: 'already exists; pass --force to overwrite it' })));
  for (const w of result.warnings) cli.stderr.write(formatDiagnostic(w).replace(': error: ', ': warning: ') + '\n');
  for (const note of result.notes) cli.stderr.write(`promptgate import: ${outsideLine(note)}\n`);
  if (opts.out === undefined) {
    cli.stdout.write(result.yaml);
    return 0;
  }
  for (const f of result.files) await writeFileAtomic(path.resolve(cli.cwd, f.path), f.text);
  await writeFileAtomic(path.resolve(cli.cwd, opts.out), result.yaml);
  cli.stderr.write(`promptgate import: wrote ${outsideLine(opts.out)}; check it with: promptgate validate ${outsideLine(opts.out)}\n`);
  return 0;
}

/** Those of `files` that are there (a dangling link too: writing would go through it). */
async function existingFiles(files: string[], cwd: string): Promise<string[]> {
  const there = await Promise.all(
    files.map((f) =>
      lstat(path.resolve(cwd, f)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return files.filter((_, i) => there[i]);
}
