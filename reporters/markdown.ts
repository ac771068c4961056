/** The markdown summary: counts, what failed and why, and the cost table (also GitHub's step summary). */
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

export function markdownSummary(result: RunResult): string {
  const out = [
    `## promptgate: ${headlineCounts(result)}`,
    '',
    `${mdText(result.mode)} run of ${mdText(result.startedAt)} · ${formatDuration(result.durationMs)} · promptgate ${mdText(result.tool.version)}` +
      (result.shard ? ` · shard ${result.shard.index}/${result.shard.total}` : ''),
  ];
  const api = apiVersionNote(result);
  if (api) out.push('', `${mdText(api)}.`);
  const requests = runRequestsNote(result);
  if (requests) out.push('', `${requests}.`);
  if (result.stopped) out.push('', `> **Stopped early:** ${mdText(result.stopped.message)}`);
  for (const note of cacheControlNotes(result)) out.push('', `Note: ${mdText(note)}.`);
  for (const [status, title] of [
    ['failed', 'Failed'],
    ['errored', 'Errored (no answer could be had)'],
    ['broken', 'Check broken (a check could not judge the answer)'],
  ] as const) {
    const cases = result.suites.flatMap((s) => s.cases.filter((c) => c.status === status).map((c) => [s, c] as const));
    if (cases.length === 0) continue;
    out.push('', `### ${title}`, '');
    for (const [s, c] of cases) out.push(...caseLines(s, c));
  }
  const flaky = result.suites.flatMap((s) => s.cases.filter((c) => c.flaky && c.status === 'passed').map((c) => `${mdText(s.name)} › ${mdText(caseLabel(c))}`));
  if (flaky.length) out.push('', `Flaky but passing: ${flaky.join(', ')}.`);
  const answers = answerChangesMarkdown(overwrittenAnswers(result), '### Answers changed (old recording → new)');
  if (answers.length) out.push('', ...answers);
  const byModel = modelTableMarkdownSection(result);
  if (byModel.length) out.push('', ...byModel);
  const report = costReport(result);
  out.push('', '### Cost', '');
  if (report.total.calls === 0) out.push('No API calls.');
  else out.push(...modelTableMarkdown(report), '', ...costNotes(report).map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}
