import { answerChangesText } from '../../reporters/answer-changes.ts';
import { outsideLine } from '../format/outside-text.ts';
import { caseLabel } from '../run-result.ts';
import type { CaseChange, Comparison, SuiteComparison } from './compare.ts';
import { deltaCells, plural } from './deltas.ts';
import { SIGNIFICANCE } from './significance.ts';

/** The comparison for a terminal or a CI log: the verdict first, then what changed, then the numbers. */
export function compareText(c: Comparison, names: { base: string; current: string }): string {
  const lines = [`promptgate compare: ${names.base} (${c.base.mode}) -> ${names.current} (${c.current.mode})`];
  if (c.models) lines.push(`model ${c.models.base} → model ${c.models.current}`);
  lines.push(headline(c), '');
  section(
    lines,
    'Regressions (passed before, fail now)',
    c.regressions,
    '✗',
    (x) => `${x.current}${passCounts(x)}${x.reason ? `: ${x.reason}` : ''}  (${x.file}:${x.line})${trajectoryNote(x)}`,
  );
  section(lines, `Inconclusive, run more repeats (pass rate fell, but p >= ${SIGNIFICANCE})`, c.inconclusive, '?', (x) => `${x.current}${passCounts(x)}`);
  section(lines, 'Fixed (failed before, pass now)', c.fixed, '✓', (x) => `was ${x.base}${trajectoryNote(x)}`);
  section(
    lines,
    'Trajectory changed (same verdict, different tool calls)',
    c.trajectoryChanged,
    '~',
    (x) => `${x.current}: ${x.trajectory!.base} -> ${x.trajectory!.current}  (${x.file}:${x.line})`,
  );
  section(lines, `Not run (the current run stopped early: ${c.current.stopped ?? ''})`, c.notRun, '·', (x) => `was ${x.base}`);
  section(lines, 'Added', c.added, '+', (x) => x.current ?? '');
  section(lines, 'Removed', c.removed, '-', (x) => `was ${x.base}`);

  lines.push(...answerChangesText(c.answers, 'Answers changed (base -> current)'));

  const rows = [['suite', 'pass rate', 'cost', 'p50 latency', 'p95 latency']];
  for (const s of [...c.suites, { name: 'all suites', edited: false, base: c.totals.base, current: c.totals.current }]) {
    const d = deltaCells(s.base, s.current);
    const cell = ([a, b, change]: [string, string, string]) => (change === '–' ? (s.current ? b : a) : `${a} -> ${b} (${change})`);
    rows.push([s.name + suiteNote(s), cell(d.passRate), cell(d.cost), cell(d.p50), cell(d.p95)]);
  }
  lines.push(...table(rows));
  if (c.base.mode !== c.current.mode)
    lines.push('', `note: the runs used different modes (${c.base.mode} vs ${c.current.mode}); latency and cost are not like for like.`);
  // Names, reasons, paths and models come from the results files and the command line.
  return lines.map(outsideLine).join('\n') + '\n';
}

/** Why a suite's numbers may not be like for like. */
export function suiteNote(s: SuiteComparison): string {
  if (!s.base) return ' (new)';
  if (!s.current) return ' (removed)';
  return s.edited ? ' (edited)' : '';
}

/** ` (10/10 -> 6/10 passed, p = 0.043)` for a repeated case weighed by significance.ts; else nothing. */
export function passCounts(x: CaseChange): string {
  const s = x.samples;
  return s ? ` (${s.base.passed}/${s.base.judged} -> ${s.current.passed}/${s.current.judged} passed, p = ${s.p.toFixed(3)})` : '';
}

/** `; tool calls lookup_order → refund -> refund → lookup_order` when a changed verdict came with a changed trajectory. */
function trajectoryNote(x: CaseChange): string {
  return x.trajectory ? `; tool calls ${x.trajectory.base} -> ${x.trajectory.current}` : '';
}

export function headline(c: Comparison): string {
  const changed = c.trajectoryChanged.length ? `, ${plural(c.trajectoryChanged.length, 'trajectory change')}` : '';
  const notRun = c.notRun.length ? `, ${plural(c.notRun.length, 'case')} not run (the run stopped early)` : '';
  const inconclusive = (c.inconclusive.length ? `, ${plural(c.inconclusive.length, 'inconclusive case')}` : '') + changed + notRun;
  const counts = `${plural(c.fixed.length, 'fixed case')}, ${plural(c.added.length, 'added case')}, ${plural(c.removed.length, 'removed case')}${inconclusive}`;
  return c.regressions.length ? `${plural(c.regressions.length, 'regression')}; ${counts}` : `no regressions; ${counts}`;
}

function section(lines: string[], title: string, list: CaseChange[], mark: string, detail: (x: CaseChange) => string): void {
  if (!list.length) return;
  lines.push(`${title}:`);
  for (const x of list) lines.push(`  ${mark} ${x.suite}/${caseLabel(x)}  ${detail(x)}`.trimEnd());
  lines.push('');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
