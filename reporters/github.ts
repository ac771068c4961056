/**
 * GitHub Actions output: the markdown summary appended to $GITHUB_STEP_SUMMARY and one
 * `::error` workflow command per failed or errored case, pointing at the case's suite line.
 */
import { appendText } from '../src/fs/atomic.ts';
import type { CaseResult, RunResult, SuiteResult } from '../src/run-result.ts';
import { markdownSummary } from './markdown.ts';
import { assertionTitle, errors, findings, passRateLine, samplesNote } from './reasons.ts';
import { truncate, visibleText } from './xml.ts';

/** Workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`. */
export function escapeData(s: string): string {
  return visibleText(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function message(c: CaseResult): string {
  const lines: string[] = [];
  const rate = passRateLine(c);
  if (rate) lines.push(rate);
  for (const { assertion: a, samples } of findings(c)) {
    lines.push(`${assertionTitle(a)}: ${a.reason}${samplesNote(c, samples)}`);
    if (a.expected !== undefined) lines.push(`  expected: ${truncate(a.expected, 300, 'the results JSON')}`);
    if (a.actual !== undefined) lines.push(`  actual: ${truncate(a.actual, 300, 'the results JSON')}`);
  }
  for (const { error } of errors(c)) {
    lines.push(`${error.type}: ${error.message}`);
    if (error.hint) lines.push(`fix: ${error.hint}`);
  }
  if (lines.length === 0) lines.push(c.reason ?? c.status);
  return truncate(lines.join('\n'), 4000, 'the results JSON');
}

function annotation(suite: SuiteResult, c: CaseResult): string {
  const props = [
    `file=${escapeProperty(suite.file)}`,
    `line=${c.line}`,
    `col=${c.col}`,
    `title=${escapeProperty(`${suite.name} › ${c.id} ${c.status}`)}`,
  ];
  return `::error ${props.join(',')}::${escapeData(message(c))}`;
}

export function annotations(result: RunResult): string[] {
  return result.suites.flatMap((s) => s.cases.filter((c) => c.status === 'failed' || c.status === 'errored').map((c) => annotation(s, c)));
}

/**
 * Does nothing outside GitHub Actions. `run` calls it once per run; `report` and `merge` leave it
 * to their caller so a workflow that runs and then reports does not annotate twice.
 */
export async function publishToGitHub(
  result: RunResult,
  env: NodeJS.ProcessEnv = process.env,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Promise<boolean> {
  if (env.GITHUB_ACTIONS !== 'true') return false;
  if (env.GITHUB_STEP_SUMMARY) await appendText(env.GITHUB_STEP_SUMMARY, markdownSummary(result) + '\n');
  for (const line of annotations(result)) write(line + '\n');
  return true;
}
