import { appendText, writeFileAtomic } from '../fs/atomic.ts';
import { compareMarkdown } from '../saved-results/compare-markdown.ts';
import { compareText } from '../saved-results/compare-text.ts';
import { compareRuns } from '../saved-results/compare.ts';
import { readAll } from '../saved-results/read-all.ts';
import type { RunResult } from '../run-result.ts';

/** `promptgate compare BASE CURRENT`: exit 1 on a regression, 0 otherwise, 2 on a bad file. */
export async function compare(base: string, current: string, opts: { markdown?: string }): Promise<void> {
  // One result per file, in order.
  const [before, now] = (await readAll([base, current])) as [RunResult, RunResult];
  const comparison = compareRuns(before, now);
  const names = { base, current };
  process.stdout.write(compareText(comparison, names));
  const markdown = compareMarkdown(comparison, names);
  if (opts.markdown) await writeFileAtomic(opts.markdown, markdown);
  // Like `run`, show up on the workflow run's page without an extra step.
  if (process.env.GITHUB_ACTIONS === 'true' && process.env.GITHUB_STEP_SUMMARY) await appendText(process.env.GITHUB_STEP_SUMMARY, markdown);
  process.exitCode = comparison.regressions.length > 0 ? 1 : 0;
}
