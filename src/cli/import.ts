/** `promptgate import FILE`: the suite YAML to stdout, or atomically to --out; notes on stderr. */
import path from 'node:path';
import { outsideLine } from '../format/outside-text.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
import { importFile } from '../import/import-export.ts';
import { formatDiagnostic } from '../input-error.ts';
import type { Cli } from './io.ts';

export async function importExport(file: string, opts: { prompt?: string; out?: string; name?: string; model?: string }, cli: Cli): Promise<number> {
  const result = await importFile(file, { ...opts, cwd: cli.cwd });
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
