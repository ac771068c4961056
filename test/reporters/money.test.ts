/** One money rule: an amount prints the same in the console, every report, compare and budget messages. */
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import { costMarkdown, costSummaryLines } from '../../reporters/cost.ts';
import { htmlReport } from '../../reporters/html.ts';
import { junitXml } from '../../reporters/junit.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { formatUsd } from '../../src/format/usd.ts';
import { Budget } from '../../src/runner/budget.ts';
import { compareMarkdown } from '../../src/saved-results/compare-markdown.ts';
import { compareText } from '../../src/saved-results/compare-text.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { run, suite } from '../results/fixtures.ts';

describe('formatUsd', () => {
  it('keeps every micro-dollar, and drops zeros past the cents', () => {
    const cases: [number, string][] = [
      [0, '$0.00'],
      [0.000045, '$0.000045'], // Haiku 4.5, 20 tokens in and 5 out
      [0.0251, '$0.0251'],
      [0.006555, '$0.006555'],
      [0.0000004, '$0.00'],
      [0.0000005, '$0.000001'],
      [5, '$5.00'],
      [3.7575, '$3.7575'],
      [1234.5, '$1234.50'],
      [-3.75, '-$3.75'],
      [-0.0000001, '$0.00'],
      [0.1 + 0.2, '$0.30'],
    ];
    expect(cases.map(([n]) => formatUsd(n))).toEqual(cases.map(([, text]) => text));
  });

  it('is what budget messages print', () => {
    expect(formatUsd(0.0251)).toBe('$0.0251');
    expect(formatUsd(0.025134)).toBe('$0.025134');
  });
});

describe('one amount, one text', () => {
  // Haiku 4.5 at $1/MTok in and $5/MTok out: $0.006555 and $0.025134, $0.031689 together.
  const result = run([suite('cheap', [{ id: 'a', input: 1555, output: 1000 }]), suite('dear', [{ id: 'b', input: 134, output: 5000 }])]);
  const names = { base: 'base.json', current: 'current.json' };
  const comparison = compareRuns(result, result);

  it('reads the same in the console, the cost report, the summary, HTML, JUnit and compare', () => {
    const outputs = {
      console: costSummaryLines(result).join('\n'),
      costMarkdown: costMarkdown(result),
      summary: markdownSummary(result),
      html: htmlReport(result),
      junit: junitXml(result),
      compareText: compareText(comparison, names),
      compareMarkdown: compareMarkdown(comparison, names),
    };
    // JUnit prints costs per case only, so it has no run total.
    for (const [name, text] of Object.entries(outputs)) if (name !== 'junit') expect(text, name).toContain('$0.031689');
    for (const name of ['costMarkdown', 'html', 'junit', 'compareText', 'compareMarkdown'] as const) {
      expect(outputs[name], name).toContain('$0.006555');
      expect(outputs[name], name).toContain('$0.025134');
    }
  });

  it('lets the rows of a table add up to its total as printed', () => {
    const bySuite = costMarkdown(result).split('## By suite')[1]!.split('## By case')[0]!;
    const totals = [...bySuite.matchAll(/\*\*\$(\d+\.\d+)\*\*/g)].map((m) => Math.round(Number(m[1]) * 1e6));
    expect(totals).toEqual([6555, 25134]);
    expect(costMarkdown(result)).toContain(`**${formatUsd((totals[0]! + totals[1]!) / 1e6)}** at list prices`);
  });

  it('reads the same in the progress line and the budget', () => {
    const reporter = new ConsoleReporter({ out: { write: () => true } });
    const progress = { total: 2, done: 2, inFlight: 0, concurrency: 4, rateLimited: 0, retries: 0, spentUsd: 0.031689 };
    expect(reporter.progressLine(progress)).toMatch(/ · \$0\.031689$/);
    const budget = new Budget(0.03, '--max-cost');
    budget.reserve(0.025134);
    budget.settle(0.025134, 0.025134);
    expect(budget.refusal(0.006555)).toBe('budget: $0.025134 spent + $0.00 in flight + $0.006555 for the next sample (worst case) would pass --max-cost $0.03');
  });
});
