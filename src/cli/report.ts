/** `promptgate report RESULTS.json`: render reports from saved results, never by re-running. */
import { readRunResult, type ReportTargets } from '../../reporters/index.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { InputError } from '../input-error.ts';
import { writeRunReports } from '../../reporters/index.ts';
import type { Cli } from './io.ts';

export default async function report(files: string[], targets: ReportTargets, cli: Cli): Promise<number> {
  if (files.length !== 1) throw new InputError(`report reads one results file, got ${files.length}; combine shards with \`promptgate merge\` first`);
  const result = await readRunResult(files[0]!);
  const { exitCode, written } = await writeRunReports(result, targets, 0, { wroteTo: cli.stderr, stderr: cli.stderr, cwd: cli.cwd });
  // With nothing asked for, show the summary rather than do nothing silently.
  if (written.length === 0) cli.stdout.write(markdownSummary(result));
  return exitCode;
}
