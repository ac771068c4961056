/** Every report of a run, written from the one RunResult; `run`, `merge` and `report` all come here. */
import { writeFileAtomic } from '../src/fs/atomic.ts';
import type { RunResult } from '../src/run-result.ts';
import { REPORT_TARGETS, type ReportTarget, type ReportTargetName, type ReportTargets } from './targets.ts';

export { readRunResult } from '../src/saved-results/read.ts';
export { costSummaryLines } from './cost.ts';
export { publishToGitHub } from './github.ts';
export { REPORT_TARGETS, type ReportTargetName, type ReportTargets } from './targets.ts';

/** Writes the requested reports (each atomically) and returns the paths written, in the table's order. */
export async function writeReports(result: RunResult, targets: ReportTargets): Promise<string[]> {
  const written: string[] = [];
  for (const [name, target] of Object.entries(REPORT_TARGETS) as [ReportTargetName, ReportTarget][]) {
    const file = targets[name];
    if (!file) continue;
    await writeFileAtomic(file, await target.render(result, file));
    written.push(file);
  }
  return written;
}
