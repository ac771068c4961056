/** The markdown summary: counts, what failed and why, and the cost table (also GitHub's step summary). */
import { formatCount } from '../src/format/count.ts';
import { formatDuration } from '../src/format/duration.ts';
import { countsLine } from '../src/format/totals.ts';
import { caseLabel, totals, type CaseResult, type RunResult, type SuiteResult } from '../src/run-result.ts';
import { requestCounts, requestsNote, runRequestsNote } from './attempts.ts';
import { costNotes, costReport, modelTableMarkdown } from './cost.ts';
import { mdCode, mdText } from './markdown-text.ts';
import { modelTableMarkdownSection } from './model-table.ts';
import { apiVersionNote } from './api-version.ts';
import { assertionTitle, errors, failedTrajectory, findings, passRateLine, samplesNote, shownActual, where } from './reasons.ts';
import { truncate } from './xml.ts';
import { cacheControlNotes } from './cache-notes.ts';
import { answerChangesMarkdown, overwrittenAnswers } from './answer-changes.ts';

const MAX_VALUE = 300;

/** GitHub's limit for one step's summary ("supports content up to a size of 1024k"): over it, none of it is shown. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/**
 * The most a summary holds, in UTF-8 bytes: the step summary's limit, less room for what a workflow
 * appends beside it. What is left for the failed cases after the head and the tail (answers changed,
 * cost) is filled case by case, and the rest counted in a line.
 */
export const MAX_SUMMARY_BYTES = STEP_SUMMARY_LIMIT - 48 * 1024;

/** Past this many names, a list in the summary (flaky cases) says how many more. */
const MAX_LISTED = 50;

function caseLines(suite: SuiteResult, c: CaseResult): string[] {
  const lines = [`- **${mdText(suite.name)} › ${mdText(caseLabel(c))}** (${mdCode(where(suite.file, c.line, c.col))})`];
  const rate = passRateLine(c);
  if (rate) lines.push(`  - ${rate}`);
  for (const { assertion: a, samples, refusal } of findings(c)) {
    lines.push(`  - ${mdText(assertionTitle(a))}: ${mdText(truncate(a.reason, MAX_VALUE, 'the results JSON'))}${samplesNote(c, samples)}`);
    if (a.expected !== undefined) lines.push(`    - expected: ${mdCode(truncate(a.expected, MAX_VALUE, 'the results JSON'))}`);
    const actual = shownActual(a, refusal);
    if (actual !== undefined) lines.push(`    - actual: ${mdCode(truncate(actual, MAX_VALUE, 'the results JSON'))}`);
  }
  const trajectory = failedTrajectory(c);
  if (trajectory)
    lines.push(
      `  - trajectory${c.samples.length > 1 ? ` [sample ${trajectory.repeat}]` : ''}: ${mdCode(truncate(trajectory.line, MAX_VALUE, 'the results JSON'))}`,
    );
  const requests = requestsNote(requestCounts(c.samples));
  if (requests) lines.push(`  - ${requests}`);
  for (const { repeat, error } of errors(c)) {
    const which = c.samples.length > 1 ? `sample ${repeat}: ` : '';
    lines.push(`  - ${which}${mdText(error.type)}: ${mdText(truncate(error.message, MAX_VALUE, 'the results JSON'))}`);
    if (error.hint) lines.push(`    - fix: ${mdCode(error.hint)}`);
  }
  return lines;
}

export function headlineCounts(result: RunResult): string {
  const t = totals(result);
  const icon = t.failed + t.errored + t.broken > 0 || result.stopped ? '❌' : '✅';
  return `${icon} ${countsLine(t, ' · ')} (${t.cases} case${t.cases === 1 ? '' : 's'})`;
}

/** `maxBytes`: the summary's budget (MAX_SUMMARY_BYTES unless its reader has less room); the head and the tail always fit. */
export function markdownSummary(result: RunResult, maxBytes = MAX_SUMMARY_BYTES): string {
  const head = [
    `## promptgate: ${headlineCounts(result)}`,
    '',
    `${mdText(result.mode)} run of ${mdText(result.startedAt)} · ${formatDuration(result.durationMs)} · promptgate ${mdText(result.tool.version)}` +
      (result.shard ? ` · shard ${result.shard.index}/${result.shard.total}` : ''),
  ];
  const api = apiVersionNote(result);
  if (api) head.push('', `${mdText(api)}.`);
  const requests = runRequestsNote(result);
  if (requests) head.push('', `${requests}.`);
  if (result.stopped) head.push('', `> **Stopped early:** ${mdText(result.stopped.message)}`);
  for (const note of cacheControlNotes(result)) head.push('', `Note: ${mdText(note)}.`);

  const tail: string[] = [];
  const flaky = result.suites.flatMap((s) => s.cases.filter((c) => c.flaky && c.status === 'passed').map((c) => `${mdText(s.name)} › ${mdText(caseLabel(c))}`));
  if (flaky.length)
    tail.push('', `Flaky but passing: ${flaky.slice(0, MAX_LISTED).join(', ')}${flaky.length > MAX_LISTED ? ` and ${flaky.length - MAX_LISTED} more` : ''}.`);
  const answers = answerChangesMarkdown(overwrittenAnswers(result), '### Answers changed (old recording → new)');
  // The answers changed give way before the failures do: a line says where they are.
  if (answers.length && byteLength(answers) < maxBytes / 2) tail.push('', ...answers);
  else if (answers.length)
    tail.push(
      '',
      '### Answers changed (old recording → new)',
      '',
      "Left out to keep this summary within its size: see the results JSON (each sample's `previous`).",
    );
  const byModel = modelTableMarkdownSection(result);
  if (byModel.length) tail.push('', ...byModel);
  const report = costReport(result);
  tail.push('', '### Cost', '');
  if (report.total.calls === 0) tail.push('No API calls.');
  else tail.push(...modelTableMarkdown(report), '', ...costNotes(report).map((n) => `- ${n}`));

  // Room for the failed cases: the budget less the head, the tail and the line that counts what did not fit.
  let room = maxBytes - byteLength(head) - byteLength(tail) - 200;
  const body: string[] = [];
  let left = 0;
  for (const [status, title] of [
    ['failed', 'Failed'],
    ['errored', 'Errored (no answer could be had)'],
    ['broken', 'Check broken (a check could not judge the answer)'],
  ] as const) {
    const cases = result.suites.flatMap((s) => s.cases.filter((c) => c.status === status).map((c) => [s, c] as const));
    if (cases.length === 0) continue;
    const section = ['', `### ${title}`, ''];
    for (const [s, c] of cases) {
      const lines = caseLines(s, c);
      const size = byteLength(lines) + (section.length ? byteLength(section) : 0);
      if (left > 0 || size > room) {
        left++;
        continue;
      }
      room -= size;
      body.push(...section.splice(0), ...lines);
    }
  }
  if (left > 0)
    body.push(
      '',
      `…and ${formatCount(left)} more case${left === 1 ? '' : 's'} that did not pass, left out to keep this summary within GitHub's size for it: see the results JSON, the JUnit report or the HTML report.`,
    );
  return [...head, ...body, ...tail].join('\n') + '\n';
}

/** The bytes `lines` take joined by newlines, one more for the newline before them. */
function byteLength(lines: string[]): number {
  let n = 0;
  for (const line of lines) n += Buffer.byteLength(line) + 1;
  return n;
}
