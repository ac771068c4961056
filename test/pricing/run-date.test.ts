/**
 * A saved run is priced at its own start, wherever it is read: the cost report, the console
 * summary and compare give the dollars of the day it ran, whatever day they are rendered.
 */
import { describe, expect, it } from 'vitest';
import { costMarkdown, costReport, costSummaryLines } from '../../reporters/cost.ts';
import { htmlReport } from '../../reporters/html.ts';
import { junitXml } from '../../reporters/junit.ts';
import type { RunResult } from '../../src/run-result.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { call, caseResult, sample } from '../reporters/fixtures.ts';

/** One Sonnet 5.5 call reading 1,000,000 cached tokens: $0.20 before 2026-10-07, $0.10 from then. */
function runOn(startedAt: string): RunResult {
  const reads = call('claude-sonnet-5-5', { cache_read_input_tokens: 1_000_000 });
  return {
    version: 1,
    tool: { name: 'promptgate', version: '0.1.0' },
    mode: 'live',
    startedAt,
    durationMs: 1000,
    suites: [
      {
        file: 'suites/s.yaml',
        name: 's',
        digest: 'd',
        cases: [caseResult({ id: 'c', status: 'passed', line: 3, samples: [sample({ status: 'passed', calls: [reads] })] })],
      },
    ],
  };
}

const before = runOn('2026-10-06T23:30:00.000Z');
const after = runOn('2026-10-07T00:30:00.000Z');

describe('a run is priced at its own start', () => {
  it('in the cost report, which names the day', () => {
    expect(costReport(before)).toMatchObject({ prices: { at: '2026-10-06' }, total: { usd: { cacheRead: 0.2, total: 0.2 } } });
    expect(costReport(after)).toMatchObject({ prices: { at: '2026-10-07' }, total: { usd: { cacheRead: 0.1, total: 0.1 } } });
    expect(costMarkdown(before)).toContain(
      "- List prices of 2026-10-06 (the run's date), checked 2026-12-06, from https://platform.claude.com/docs/en/about-claude/pricing.",
    );
    expect(costSummaryLines(after).at(-1)).toBe('  prices of 2026-10-07, checked 2026-12-06');
  });

  it('in the HTML report, call by call', () => {
    expect(htmlReport(before)).toContain('List prices of 2026-10-06 (the run&#39;s date)');
    // the call's row and the case's line
    expect(htmlReport(before)).toMatch(/<td class="num">\$0\.20<\/td>/);
    expect(htmlReport(before)).toContain('<span class="muted">$0.20</span>');
    expect(htmlReport(after)).toMatch(/<td class="num">\$0\.10<\/td>/);
  });

  it('in JUnit, case by case', () => {
    expect(junitXml(before)).toContain('status: passed · cost $0.20');
    expect(junitXml(after)).toContain('status: passed · cost $0.10');
  });

  it('in compare, run by run and suite by suite', () => {
    const comparison = compareRuns(before, after);
    expect(comparison.totals.base.costUsd).toBe(0.2);
    expect(comparison.totals.current.costUsd).toBe(0.1);
    expect(comparison.suites[0]).toMatchObject({ base: { costUsd: 0.2 }, current: { costUsd: 0.1 } });
  });
});
