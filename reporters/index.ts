/** Every report of a run, written from the one RunResult; `run`, `merge` and `report` all come here. */
import { writeFileAtomic } from '../src/fs/atomic.ts';
import type { RunResult } from '../src/run-result.ts';
import { costJson, costMarkdown } from './cost.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import { markdownSummary } from './markdown.ts';
import { resultsJson } from './results-json.ts';

export { readRunResult } from '../src/saved-results/read.ts';
export { costSummaryLines } from './cost.ts';
export { publishToGitHub } from './github.ts';

export interface ReportTargets {
  junit?: string;
  /** `.md` writes markdown; anything else (`.json` is expected) writes JSON. */
  costReport?: string;
  results?: string;
  html?: string;
  markdown?: string;
}

/** Writes the requested reports (each atomically) and returns the paths written, in a fixed order. */
export async function writeReports(result: RunResult, targets: ReportTargets): Promise<string[]> {
  const jobs: [string | undefined, () => string][] = [
    [targets.results, () => resultsJson(result)],
    [targets.junit, () => junitXml(result)],
    [targets.costReport, () => (/\.(md|markdown)$/i.test(targets.costReport!) ? costMarkdown(result) : costJson(result))],
    [targets.markdown, () => markdownSummary(result)],
    [targets.html, () => htmlReport(result)],
  ];
  const written: string[] = [];
  for (const [file, render] of jobs) {
    if (!file) continue;
    await writeFileAtomic(file, render());
    written.push(file);
  }
  return written;
}
