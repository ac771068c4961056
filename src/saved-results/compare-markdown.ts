import { answerChangesMarkdown } from '../../reporters/answer-changes.ts';
import { mdCode, mdText } from '../../reporters/markdown-text.ts';
import { caseLabel } from '../run-result.ts';
import type { CaseChange, Comparison } from './compare.ts';
import { headline, passCounts, suiteNote } from './compare-text.ts';
import { SIGNIFICANCE } from './significance.ts';
import { deltaCells } from './deltas.ts';

/** A workflow finds the one comment to update by this line (see .github/workflows/prompt-regression.yml). */
export const COMPARE_MARKER = '<!-- promptgate-compare -->';

/** GitHub refuses comments over 65,536 characters; long lists are cut well before that. */
const MAX_ROWS = 50;

/** The comparison as a PR comment or step summary: the verdict, what changed, then per-suite numbers. */
export function compareMarkdown(c: Comparison, names: { base: string; current: string }): string {
  // A current run that stopped early is no all-clear, whatever it reached.
  const icon = c.regressions.length ? '❌' : c.current.stopped ? '⚠️' : '✅';
  const out = [COMPARE_MARKER, `### ${icon} promptgate: ${headline(c)}`, ''];
  if (c.models) out.push(`Model ${code(c.models.base)} → model ${code(c.models.current)}`, '');
  out.push(
    `Base: ${code(names.base)} (${cell(c.base.mode)}, ${cell(c.base.startedAt)}) · current: ${code(names.current)} (${cell(c.current.mode)}, ${cell(c.current.startedAt)})`,
    '',
  );
  if (c.current.stopped)
    out.push(
      '> [!WARNING]',
      `> The current run stopped early (${cell(c.current.stopped)}): the cases it did not reach are listed as not run, and compared with nothing.`,
      '',
    );
  if (c.base.mode !== c.current.mode)
    out.push('> [!NOTE]', `> The runs used different modes (${cell(c.base.mode)} vs ${cell(c.current.mode)}): latency and cost are not like for like.`, '');

  list(out, 'Regressions', 'passed before, fail now', c.regressions, ['Case', 'Now', 'Why', 'Where'], (x) => [
    code(`${x.suite}/${caseLabel(x)}`),
    cell(`${x.current!}${passCounts(x)}`),
    cell(`${x.reason ?? ''}${x.trajectory ? `; tool calls ${x.trajectory.base} → ${x.trajectory.current}` : ''}`),
    code(`${x.file}:${x.line}`),
  ]);
  list(out, 'Inconclusive', `pass rate fell, too little to tell from noise (p >= ${SIGNIFICANCE}): run more repeats`, c.inconclusive, ['Case', 'Now'], (x) => [
    code(`${x.suite}/${caseLabel(x)}`),
    cell(`${x.current!}${passCounts(x)}`),
  ]);
  list(out, 'Fixed', 'failed before, pass now', c.fixed, ['Case', 'Was', 'Why it failed'], (x) => [
    code(`${x.suite}/${caseLabel(x)}`),
    cell(x.base!),
    cell(x.reason ?? ''),
  ]);
  list(out, 'Trajectory changed', 'same verdict, different tool calls', c.trajectoryChanged, ['Case', 'Now', 'Tool calls before', 'Tool calls now'], (x) => [
    code(`${x.suite}/${caseLabel(x)}`),
    cell(x.current!),
    cell(x.trajectory!.base),
    cell(x.trajectory!.current),
  ]);
  list(out, 'Not run', 'the current run stopped before it reached them', c.notRun, ['Case', 'Was'], (x) => [code(`${x.suite}/${caseLabel(x)}`), cell(x.base!)]);
  list(out, 'Added cases', '', c.added, ['Case', 'Status'], (x) => [code(`${x.suite}/${caseLabel(x)}`), cell(x.current!)]);
  list(out, 'Removed cases', '', c.removed, ['Case', 'Was'], (x) => [code(`${x.suite}/${caseLabel(x)}`), cell(x.base!)]);

  const answers = answerChangesMarkdown(c.answers, `#### Answers changed (${c.answers.length}) — base → current`, 'see the console output');
  if (answers.length) out.push(...answers, '');
  out.push('#### Per suite', '', '| Suite | Pass rate | Δ | Cost | Δ | p50 latency | Δ | p95 latency | Δ |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const total = { name: '**All suites**', edited: false, base: c.totals.base, current: c.totals.current };
  for (const s of [...c.suites, total]) {
    const d = deltaCells(s.base, s.current);
    const pair = ([a, b, change]: [string, string, string]) => [change === '–' ? (s.current ? b : a) : `${a} → ${b}`, change];
    const name = s === total ? s.name : `${code(s.name)}${suiteNote(s)}`;
    out.push(`| ${[name, ...pair(d.passRate), ...pair(d.cost), ...pair(d.p50), ...pair(d.p95)].join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

function list(out: string[], title: string, gloss: string, items: CaseChange[], head: string[], row: (x: CaseChange) => string[]): void {
  if (!items.length) return;
  out.push(`#### ${title} (${items.length})${gloss ? ` — ${gloss}` : ''}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const x of items.slice(0, MAX_ROWS)) out.push(`| ${row(x).join(' | ')} |`);
  if (items.length > MAX_ROWS) out.push('', `…and ${items.length - MAX_ROWS} more (see the console output or the results JSON).`);
  out.push('');
}

/** A name or path as inline code in a table cell. */
function code(text: string): string {
  return mdCode(flat(text), true);
}

/**
 * Outside text, escaped by the run summary's markdown rule (reporters/markdown-text.ts): an answer
 * must not make markup, a link or a mention in the comment.
 */
function cell(text: string): string {
  return mdText(flat(text));
}

/** One short line: a table row per change, and the comment stays far below GitHub's size limit. */
function flat(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 159)}…` : one;
}
