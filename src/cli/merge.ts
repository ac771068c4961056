import type { ReportTargets } from '../../reporters/index.ts';
import { countsLine } from '../format/totals.ts';
import { InputError } from '../input-error.ts';
import { exitCode, totals } from '../run-result.ts';
import { writeRunReports } from '../../reporters/index.ts';
import { mergeResults } from '../saved-results/merge.ts';
import { readAll } from '../saved-results/read-all.ts';
import type { Cli } from './io.ts';

/**
 * `promptgate merge shard-*.json`: the reports one unsharded run would have written. It does not
 * annotate or write the step summary: each shard's run already did (see publishToGitHub).
 */
export default async function merge(files: string[], targets: ReportTargets, cli: Cli): Promise<number> {
  const results = await readAll(files);
  const merged = mergeResults(files.map((file, i) => ({ file, result: results[i]! })));
  // Shards may each run nothing (--allow-empty on a small suite), but together they must run something.
  if (totals(merged).cases === 0) throw new InputError(`the ${files.length} results files hold no case between them: nothing was tested`);
  const t = totals(merged);
  cli.stdout.write(`merged ${files.length} file${files.length === 1 ? '' : 's'}: ${t.cases} cases, ${countsLine(t)}\n`);
  // The verdict the unsharded run would give, so the merge job is the sharded run's gate.
  return (await writeRunReports(merged, targets, exitCode(merged), { wroteTo: cli.stderr, stderr: cli.stderr, cwd: cli.cwd })).exitCode;
}
