import path from 'node:path';
import { outsideLine } from '../format/outside-text.ts';
import { appendText, writeFileAtomic } from '../fs/atomic.ts';
import { answerChangesMarkdown, answerChangesText } from '../../reporters/answer-changes.ts';
import { InputError } from '../input-error.ts';
import { compareMarkdown } from '../saved-results/compare-markdown.ts';
import { compareText } from '../saved-results/compare-text.ts';
import { compareRuns } from '../saved-results/compare.ts';
import { readAll } from '../saved-results/read-all.ts';
import { recordingChanges } from '../saved-results/recordings-diff.ts';
import type { RunResult } from '../run-result.ts';
import type { Cli } from './io.ts';

/** `promptgate compare BASE CURRENT`: exit 1 on a regression, 0 otherwise, 2 on a bad file. */
export async function compare(
  base: string,
  current: string,
  paths: string[],
  opts: { markdown?: string; json?: string; recordings?: boolean },
  cli: Cli,
): Promise<number> {
  if (opts.recordings && opts.json) throw new InputError('compare --json writes the comparison of two results files, not of --recordings');
  if (opts.recordings) return compareRecordings(base, current, paths, opts, cli);
  if (paths.length)
    throw new InputError(`compare takes two results files; paths (${paths.join(' ')}) go with --recordings, to compare the recordings at two git refs`);
  const [before, now] = (await readAll([base, current])) as [RunResult, RunResult];
  const comparison = compareRuns(before, now);
  const names = { base, current };
  cli.stdout.write(compareText(comparison, names));
  const markdown = compareMarkdown(comparison, names);
  await publish(markdown, opts.markdown, cli);
  // For scripts (the composite action's outputs): the verdicts as compare made them, significance and all.
  if (opts.json)
    await writeFileAtomic(path.resolve(cli.cwd, opts.json), JSON.stringify({ kind: 'promptgate-comparison', version: 1, ...comparison }, null, 2) + '\n');
  return comparison.regressions.length > 0 ? 1 : 0;
}

/** `compare --recordings BASE CURRENT [paths]`: the answers that changed between two git refs; exit 0, 2 on a bad ref. */
async function compareRecordings(base: string, current: string, paths: string[], opts: { markdown?: string }, cli: Cli): Promise<number> {
  const changes = await recordingChanges(cli.cwd, base, current, paths.length ? paths : ['fixtures']);
  const heading = `Answers changed in the recordings, ${base} → ${current}`;
  if (changes.length === 0) cli.stdout.write(`promptgate compare: no recording's answer differs between ${outsideLine(base)} and ${outsideLine(current)}\n`);
  else cli.stdout.write(answerChangesText(changes, heading).join('\n') + '\n');
  const markdown = changes.length
    ? answerChangesMarkdown(changes, `### ${heading}`).join('\n') + '\n'
    : `### No recording's answer differs between ${base} and ${current}\n`;
  await publish(markdown, opts.markdown, cli);
  return 0;
}

async function publish(markdown: string, file: string | undefined, cli: Cli): Promise<void> {
  if (file) await writeFileAtomic(path.resolve(cli.cwd, file), markdown);
  // Like `run`, show up on the workflow run's page without an extra step.
  if (cli.env.GITHUB_ACTIONS === 'true' && cli.env.GITHUB_STEP_SUMMARY) await appendText(cli.env.GITHUB_STEP_SUMMARY, markdown);
}
