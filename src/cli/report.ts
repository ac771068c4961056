/** `promptgate report RESULTS.json`: render reports from saved results, never by re-running. */
import { readRunResult, type ReportTargets } from '../../reporters/index.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { InputError } from '../input-error.ts';
import { writeCliReports } from './reports.ts';

export default async function report(files: string[], targets: ReportTargets): Promise<void> {
  if (files.length !== 1) throw new InputError(`report reads one results file, got ${files.length}; combine shards with \`promptgate merge\` first`);
  const result = await readRunResult(files[0]!);
  const written = await writeCliReports(result, targets, 0, process.stderr);
  // With nothing asked for, show the summary rather than do nothing silently.
  if (written.length === 0) process.stdout.write(markdownSummary(result));
}
