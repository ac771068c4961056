/**
 * The per-model table (pass rate, cases failed only on the model, cost, cost per passed case,
 * latency, output tokens) in the console's text and markdown; html.ts lays out the same cells.
 * Shown only when a run ran cases under more than one model (model-stats.ts).
 */
import { formatCount } from '../src/format/count.ts';
import { formatDuration } from '../src/format/duration.ts';
import { formatUsd } from '../src/format/usd.ts';
import type { RunResult } from '../src/run-result.ts';
import { modelStats, type ModelStats } from '../src/saved-results/model-stats.ts';
import { mdCode, mdText } from './markdown-text.ts';
import { percent } from '../src/format/percent.ts';

export const MODEL_TABLE_HEAD = ['Model', 'Pass rate', 'Failed only here', 'Cost', 'Per passed case', 'Latency p50', 'p95', 'Output tokens'] as const;

/** One row of cells per model, as text, in MODEL_TABLE_HEAD's order. */
export function modelTableRows(stats: ModelStats[]): string[][] {
  return stats.map((m) => [
    m.model,
    m.passRate === undefined ? '–' : `${percent(m.passRate)} (${m.passed}/${m.passed + m.failed + m.errored + m.broken})`,
    String(m.failedOnlyHere.length),
    // An unpriced model is never $0: the cost says what it leaves out.
    m.unpriced.length ? `${formatUsd(m.costUsd)} + unpriced ${m.unpriced.join(', ')}` : formatUsd(m.costUsd),
    m.costPerPassedUsd === undefined ? '–' : formatUsd(m.costPerPassedUsd),
    m.latency.p50 === undefined ? '–' : formatDuration(m.latency.p50),
    m.latency.p95 === undefined ? '–' : formatDuration(m.latency.p95),
    formatCount(m.outputTokens),
  ]);
}

/** Which cases failed on one model only, a line per model that has any. */
function onlyHereLines(stats: ModelStats[]): { model: string; cases: string[] }[] {
  return stats.filter((m) => m.failedOnlyHere.length > 0).map((m) => ({ model: m.model, cases: m.failedOnlyHere }));
}

/** Aligned text for the console summary; no lines unless more than one model ran. */
export function modelTableText(result: RunResult): string[] {
  const stats = modelStats(result);
  if (stats.length === 0) return [];
  const rows = [[...MODEL_TABLE_HEAD], ...modelTableRows(stats)];
  const widths = MODEL_TABLE_HEAD.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = [
    'By model, over the cases run under several models:',
    ...rows.map(
      (r) =>
        '  ' +
        r
          .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
          .join('  ')
          .trimEnd(),
    ),
  ];
  for (const { model, cases } of onlyHereLines(stats)) lines.push(`  failed only on ${model}: ${cases.join(', ')}`);
  return lines;
}

/** A markdown section for the run summary and PR comment; no lines unless more than one model ran. */
export function modelTableMarkdownSection(result: RunResult): string[] {
  const stats = modelStats(result);
  if (stats.length === 0) return [];
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    '### By model, over the cases run under several models',
    '',
    row(MODEL_TABLE_HEAD),
    row(MODEL_TABLE_HEAD.map((_, i) => (i === 0 ? '---' : '---:'))),
  ];
  for (const cells of modelTableRows(stats)) lines.push(row([mdCode(cells[0]!, true), ...cells.slice(1).map(mdText)]));
  const only = onlyHereLines(stats);
  if (only.length) lines.push('', ...only.map(({ model, cases }) => `- failed only on ${mdCode(model)}: ${cases.map((c) => mdCode(c)).join(', ')}`));
  return lines;
}
