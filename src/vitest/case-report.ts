/** Why a suite case did not pass, as a vitest failure message: every reason, at its file:line:col. */
import { assertionTitle, errors, failedTrajectory, findings, passRateLine, samplesNote, shownActual, where } from '../../reporters/reasons.ts';
import type { CaseResult } from '../run-result.ts';

export function caseFailure(file: string, suite: string, c: CaseResult): string {
  const lines = [`${suite}/${c.id} ${c.status} (${where(file, c.line, c.col)})`];
  const rate = passRateLine(c);
  if (rate) lines.push(`  ${rate}`);
  for (const { assertion: a, samples, refusal } of findings(c)) {
    lines.push(`  ✗ ${assertionTitle(a)}${samplesNote(c, samples)} at ${where(file, a.line, a.col)}: ${a.reason}`);
    if (a.expected !== undefined) lines.push(`      expected: ${a.expected}`);
    const actual = shownActual(a, refusal);
    if (actual !== undefined) lines.push(`      actual:   ${actual}`);
  }
  // A tool-loop case: the path the model took, so the step a reason names is in the message.
  const trajectory = failedTrajectory(c);
  if (trajectory) lines.push(`  trajectory${c.repeat > 1 ? ` [sample ${trajectory.repeat}]` : ''}: ${trajectory.line}`);
  for (const { repeat, error } of errors(c)) {
    const sample = c.repeat > 1 ? ` [sample ${repeat}]` : '';
    lines.push(`  ! ${error.type}${error.status ? ` (HTTP ${error.status})` : ''}${sample}: ${error.message}`);
    if (error.diff) lines.push(...error.diff.split('\n').map((l) => `      ${l}`));
    if (error.hint) lines.push(`      → ${error.hint}`);
  }
  if (c.reason && c.status !== 'passed') lines.push(`  ${c.reason}`);
  return lines.join('\n');
}
