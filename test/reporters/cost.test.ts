import { describe, expect, it } from 'vitest';
import { costJson, costMarkdown, costReport, costSummaryLines } from '../../reporters/cost.ts';
import { batchRun, realisticRun } from './fixtures.ts';

// Hand-computed from the fixtures at list prices ($/MTok): Haiku 4.5 1/5 (1.25, 2, 0.1 cache),
// Sonnet 4.5 3/15, Opus 4.5 5/25, Sonnet 4.6 3/15.
describe('costReport', () => {
  const report = costReport(realisticRun());
  const model = (name: string) => report.byModel.find((m) => m.model === name)!;

  it('prices each component per model', () => {
    const haiku = model('claude-haiku-4-5');
    expect(haiku.calls).toBe(7);
    expect(haiku.tokens).toEqual({ input: 1900, output: 670, cacheWrite5m: 2000, cacheWrite1h: 4000, cacheRead: 10_000 });
    expect(haiku.usd).toEqual({
      input: 0.0019, // 1,900 x $1
      output: 0.00335, // 670 x $5
      cacheWrite5m: 0.0025, // 2,000 x $1.25
      cacheWrite1h: 0.008, // 4,000 x $2
      cacheRead: 0.001, // 10,000 x $0.10
      batchDiscount: 0,
      geoSurcharge: 0,
      serverTools: 0,
      total: 0.01675,
    });
    expect(model('claude-opus-4-5').usd?.total).toBe(0.00055); // 50 x $5 + 12 x $25
  });

  it('shows grader calls separately', () => {
    // Answered as claude-sonnet-4-5-20250929: a dated id is one row with its model's.
    const grader = model('claude-sonnet-4-5');
    expect(grader.role).toBe('grader');
    expect(grader.usd).toMatchObject({ input: 0.006, output: 0.0045, total: 0.0105 }); // 5 x (400 x $3 + 60 x $15)
    expect(report.graders.usd?.total).toBe(0.0105);
    expect(report.cases.usd?.total).toBe(0.0173);
    const extraction = report.byCase.find((c) => c.id === 'extraction-json')!;
    expect(extraction.graders.usd?.total).toBe(0.0105);
    expect(extraction.usd?.total).toBe(0.01185); // + 5 x (120 x $1 + 30 x $5)
  });

  it('reports a model missing from the price table as no price known, never $0', () => {
    const unknown = model('claude-experimental-9');
    expect(unknown.usd).toBeNull();
    expect(unknown.tokens.output).toBe(9000);
    expect(report.total.unpriced).toEqual({ calls: 1, models: ['claude-experimental-9'] });
    expect(report.byCase.find((c) => c.id === 'hostile-output')!.usd).toBeNull();
    expect(report.total.usd?.total).toBe(0.0278);
    expect(costMarkdown(realisticRun())).toContain('| `claude-experimental-9` | case | 1 | 70 | 9,000 | 0 | 0 | 0 | **no price known** |');
  });

  it('sums suites exactly to the total', () => {
    const sum = report.bySuite.reduce((s, x) => s + Math.round(x.usd!.total * 1e9), 0);
    expect(sum / 1e9).toBe(report.total.usd!.total);
    expect(report.bySuite.map((s) => s.calls)).toEqual([12, 2]);
  });

  it('says replay costs are what the run would cost live', () => {
    expect(report.basis).toMatch(/would cost live/);
    expect(costMarkdown(realisticRun())).toContain('Replay mode: this is what the run would cost live, from the recorded usage.');
  });

  it('says a run that stopped early is partial, in the JSON and the markdown', () => {
    const run = realisticRun();
    run.stopped = { reason: 'budget', message: 'budget: the run reached its $0.50 cap' };
    expect(costReport(run).run.stopped).toEqual(run.stopped);
    expect(costMarkdown(run)).toContain('> **Stopped early:** budget: the run reached its \\$0.50 cap. These are the figures of what finished.');
    expect(costReport(realisticRun()).run).not.toHaveProperty('stopped');
    expect(costMarkdown(realisticRun())).not.toContain('Stopped early');
  });

  it('takes the batch discount off and shows it', () => {
    const batch = costReport(batchRun());
    // Sonnet 4.6: 2M x $3 + 100k x $15 = $7.50 list, half off; Haiku grader: 10k x $1 + 1k x $5 = $0.015 list.
    expect(batch.total.usd).toEqual({
      input: 6.01,
      output: 1.505,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
      batchDiscount: 3.7575,
      geoSurcharge: 0,
      serverTools: 0,
      total: 3.7575,
    });
    expect(batch.graders.usd?.total).toBe(0.0075);
    expect(costMarkdown(batchRun())).toContain(
      '| `claude-sonnet-4-6` | case | 1 | 2,000,000 · $6.00 | 100,000 · $1.50 | 0 · $0.00 | 0 · $0.00 | 0 · $0.00 | -$3.75 | **$3.75** |',
    );
  });

  it('renders a compact console table', () => {
    expect(costSummaryLines(batchRun())).toEqual([
      'Cost (list prices):',
      '  model                      calls      input   output  cache w  cache r     cost',
      '  claude-haiku-4-5 (grader)      1     10,000    1,000        0        0  $0.0075',
      '  claude-sonnet-4-6              1  2,000,000  100,000        0        0    $3.75',
      '  total                          2  2,010,000  101,000        0        0  $3.7575',
      '  batch discount -$3.7575 included',
      '  usage: as the API reported it',
      '  prices of 2026-11-04, checked 2026-12-06',
    ]);
  });

  it('writes JSON that reads back to the same report', () => {
    expect(JSON.parse(costJson(realisticRun()))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.prices).toEqual({ at: '2026-11-03', checked: '2026-12-06', source: expect.stringMatching(/^https:/), unit: 'USD' });
  });
});
