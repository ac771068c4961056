/** The per-model table: numbers worked out by hand from a hand-built matrix run, in every report that shows it. */
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import { costMarkdown, costReport } from '../../reporters/cost.ts';
import { htmlReport } from '../../reporters/html.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { modelTableText } from '../../reporters/model-table.ts';
import type { RunResult, Status } from '../../src/run-result.ts';
import { modelStats } from '../../src/saved-results/model-stats.ts';
import { caseResult, run } from '../results/fixtures.ts';

const HAIKU = 'claude-haiku-4-5';
const OPUS = 'claude-opus-4-5';

/** Each call: 1,000 tokens in, 200 out. Haiku $1/$5 per MTok: $0.002 a call; Opus $5/$25: $0.01. */
function matrixRun(pairs: [id: string, model: string, status: Status, latencyMs: number][]): RunResult {
  const cases = pairs.map(([id, model, status, latencyMs], i) => ({ ...caseResult({ id, status, model, latencyMs }, i), model }));
  return run([{ file: 'suites/shop.yaml', name: 'shop', digest: 'd', cases }], {
    tool: { name: 'promptgate', version: 'test' },
    startedAt: '2026-11-30T12:00:00.000Z',
    durationMs: 10,
  });
}

const RUN = matrixRun([
  ['a', HAIKU, 'passed', 100],
  ['a', OPUS, 'passed', 400],
  ['b', HAIKU, 'passed', 300],
  ['b', OPUS, 'failed', 500],
  ['c', HAIKU, 'failed', 200],
  ['c', OPUS, 'failed', 600],
]);

describe('per-model table', () => {
  it('counts pass rate, failures only on the model, cost, cost per passed case, p50/p95 latency and output tokens', () => {
    const [haiku, opus] = modelStats(RUN);
    // c fails on both models, so it is no model's alone; b fails on Opus only.
    expect(haiku).toMatchObject({ model: HAIKU, passed: 2, failed: 1, failedOnlyHere: [], outputTokens: 600, latency: { calls: 3, p50: 200, p95: 300 } });
    expect(opus).toMatchObject({ model: OPUS, passed: 1, failed: 2, failedOnlyHere: ['shop/b'], outputTokens: 600, latency: { calls: 3, p50: 500, p95: 600 } });
    expect(haiku!.costUsd).toBeCloseTo(0.006, 12);
    expect(haiku!.costPerPassedUsd).toBeCloseTo(0.003, 12);
    expect(opus!.costUsd).toBeCloseTo(0.03, 12);
    expect(opus!.costPerPassedUsd).toBeCloseTo(0.03, 12);
  });

  it('prints in the console summary as an aligned table, naming what failed on one model only', () => {
    expect(modelTableText(RUN)).toEqual([
      'By model, over the cases run under several models:',
      '  Model               Pass rate  Failed only here    Cost  Per passed case  Latency p50     p95  Output tokens',
      `  ${HAIKU}  66.7% (2/3)                 0  $0.006           $0.003       200 ms  300 ms            600`,
      `  ${OPUS}   33.3% (1/3)                 1   $0.03            $0.03       500 ms  600 ms            600`,
      `  failed only on ${OPUS}: shop/b`,
    ]);
    let printed = '';
    new ConsoleReporter({ out: { write: (text: string) => Boolean((printed += text)) } as unknown as NodeJS.WriteStream }).summary(RUN);
    expect(printed).toContain(`By model, over the cases run under several models:\n  Model  `);
    expect(printed).toContain(`failed only on ${OPUS}: shop/b\n3 passed`);
  });

  it('shows in the markdown summary and, with the case × model grid, in the HTML report', () => {
    const md = markdownSummary(RUN);
    expect(md).toContain('### By model, over the cases run under several models');
    expect(md).toContain(`| \`${OPUS}\` | 33.3% (1/3) | 1 | \\$0.03 | \\$0.03 | 500 ms | 600 ms | 600 |`);
    expect(md).toContain(`- failed only on \`${OPUS}\`: \`shop/b\``);
    // The cost report's rows are (case, model) pairs too.
    expect(costReport(RUN).byCase.map((c) => [c.id, c.model])).toEqual([
      ['a', HAIKU],
      ['a', OPUS],
      ['b', HAIKU],
      ['b', OPUS],
      ['c', HAIKU],
      ['c', OPUS],
    ]);
    expect(costMarkdown(RUN)).toContain(`| \`b [${OPUS}]\` |`);
    const page = htmlReport(RUN);
    expect(page).toContain('Cases × models');
    // Row b: passed under Haiku, failed under Opus, each linking to its own case.
    expect(page).toMatch(
      /<tr><td><code>shop\/b<\/code><\/td><td><a class="pill s-passed" href="#case-0-2">Passed<\/a><\/td><td><a class="pill s-failed" href="#case-0-3">Failed<\/a><\/td><\/tr>/,
    );
  });

  it('is left out when one model ran', () => {
    const single = matrixRun([
      ['a', OPUS, 'passed', 100],
      ['b', OPUS, 'failed', 100],
    ]);
    expect(modelStats(single)).toEqual([]);
    expect(modelTableText(single)).toEqual([]);
    expect(markdownSummary(single)).not.toContain('By model');
    expect(htmlReport(single)).not.toContain('Cases × models');
  });
});
