/**
 * GitHub Actions output: the markdown summary appended to $GITHUB_STEP_SUMMARY and one
 * `::error` workflow command per failed or errored case, pointing at the case's suite line.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { appendText } from '../src/fs/atomic.ts';
import { caseLabel, NOT_PASSING, type CaseResult, type RunResult, type SuiteResult } from '../src/run-result.ts';
import { MAX_SUMMARY_BYTES, STEP_SUMMARY_LIMIT, markdownSummary } from './markdown.ts';
import { assertionTitle, errors, findings, passRateLine, samplesNote, shownActual } from './reasons.ts';
import { truncate, visibleText } from './xml.ts';
import { noLegacyCommand } from '../src/format/outside-text.ts';

/** Workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`. */
export function escapeData(s: string): string {
  return noLegacyCommand(visibleText(s)).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function message(c: CaseResult): string {
  const lines: string[] = [];
  const rate = passRateLine(c);
  if (rate) lines.push(rate);
  for (const { assertion: a, samples, refusal } of findings(c)) {
    lines.push(`${assertionTitle(a)}: ${a.reason}${samplesNote(c, samples)}`);
    if (a.expected !== undefined) lines.push(`  expected: ${truncate(a.expected, 300, 'the results JSON')}`);
    const actual = shownActual(a, refusal);
    if (actual !== undefined) lines.push(`  actual: ${truncate(actual, 300, 'the results JSON')}`);
  }
  for (const { error } of errors(c)) {
    lines.push(`${error.type}: ${error.message}`);
    if (error.hint) lines.push(`fix: ${error.hint}`);
  }
  if (lines.length === 0) lines.push(c.reason ?? c.status);
  return truncate(lines.join('\n'), 4000, 'the results JSON');
}

/**
 * GitHub shows at most 10 error annotations a step and silently drops the rest (actions/toolkit,
 * docs/problem-matchers.md), so a run annotates its first 10 and says in one notice how many more.
 */
export const MAX_ERROR_ANNOTATIONS = 10;

/** Where the run was and where the repository is: GitHub resolves `file=` from the repository root. */
export interface AnnotationPlace {
  /** GITHUB_WORKSPACE, the repository root; without it, paths stay as the run saw them. */
  workspace?: string | undefined;
  /** The directory promptgate ran in, which suite paths are relative to. */
  cwd: string;
}

/** The suite file relative to the repository root, or undefined when it lies outside it (GitHub could not show it). */
function repoPath(file: string, place: AnnotationPlace): string | undefined {
  if (!place.workspace) return file;
  const relative = path.relative(place.workspace, path.resolve(place.cwd, file)).split(path.sep).join('/');
  return relative.startsWith('../') || relative === '..' || path.isAbsolute(relative) ? undefined : relative;
}

function annotation(suite: SuiteResult, c: CaseResult, place: AnnotationPlace): string {
  const file = repoPath(suite.file, place);
  const props = [
    ...(file === undefined ? [] : [`file=${escapeProperty(file)}`, `line=${c.line}`, `col=${c.col}`]),
    `title=${escapeProperty(`${suite.name} › ${caseLabel(c)} ${c.status}`)}`,
  ];
  return `::error ${props.join(',')}::${escapeData(message(c))}`;
}

export function annotations(result: RunResult, place: AnnotationPlace = { cwd: process.cwd() }): string[] {
  const cases = result.suites.flatMap((s) => s.cases.filter((c) => NOT_PASSING.has(c.status)).map((c) => [s, c] as const));
  const lines = cases.slice(0, MAX_ERROR_ANNOTATIONS).map(([s, c]) => annotation(s, c, place));
  const more = cases.length - MAX_ERROR_ANNOTATIONS;
  if (more > 0)
    lines.push(
      `::notice title=${escapeProperty('promptgate')}::${escapeData(`${more} more case${more === 1 ? '' : 's'} that did not pass: see the job summary and the JUnit report`)}`,
    );
  return lines;
}

/**
 * Does nothing outside GitHub Actions. `run` calls it once per run; `report` and `merge` leave it
 * to their caller so a workflow that runs and then reports does not annotate twice.
 */
export async function publishToGitHub(
  result: RunResult,
  env: NodeJS.ProcessEnv = process.env,
  write: (line: string) => void = (line) => process.stdout.write(line),
  cwd: string = process.cwd(),
): Promise<boolean> {
  if (env.GITHUB_ACTIONS !== 'true') return false;
  if (env.GITHUB_STEP_SUMMARY) {
    // What earlier commands of the step wrote counts too: GitHub refuses the step's whole summary past 1 MiB.
    const written = await stat(env.GITHUB_STEP_SUMMARY).then(
      (s) => s.size,
      () => 0,
    );
    const room = Math.min(MAX_SUMMARY_BYTES, STEP_SUMMARY_LIMIT - written - 1024);
    await appendText(env.GITHUB_STEP_SUMMARY, markdownSummary(result, room) + '\n');
  }
  for (const line of annotations(result, { workspace: env.GITHUB_WORKSPACE, cwd })) write(line + '\n');
  return true;
}
