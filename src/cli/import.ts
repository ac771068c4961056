/** `promptgate import FILE`: the suite YAML to stdout, or atomically to --out; notes on stderr. */
import { outsideLine } from '../format/outside-text.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
import { importFile } from '../import/import-export.ts';
import { formatDiagnostic } from '../input-error.ts';

export async function importExport(file: string, opts: { prompt?: string; out?: string; name?: string; model?: string }): Promise<void> {
  const result = await importFile(file, opts);
  for (const w of result.warnings) process.stderr.write(formatDiagnostic(w).replace(': error: ', ': warning: ') + '\n');
  for (const note of result.notes) process.stderr.write(`promptgate import: ${outsideLine(note)}\n`);
  if (opts.out === undefined) {
    process.stdout.write(result.yaml);
    return;
  }
  for (const f of result.files) await writeFileAtomic(f.path, f.text);
  await writeFileAtomic(opts.out, result.yaml);
  process.stderr.write(`promptgate import: wrote ${outsideLine(opts.out)}; check it with: promptgate validate ${outsideLine(opts.out)}\n`);
}
