/** One duration rule: a run's length and a call's latency read the same in every output. */
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import { htmlReport } from '../../reporters/html.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { compareText } from '../../src/saved-results/compare-text.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { run, suite } from '../results/fixtures.ts';

describe('formatDuration', () => {
  it('is milliseconds under a second, tenths of a second under a minute, then minutes and seconds', () => {
    const cases: [number, string][] = [
      [0, '0 ms'],
      [420.4, '420 ms'],
      [999.4, '999 ms'],
      [999.6, '1.0 s'],
      [8421, '8.4 s'],
      [59_949, '59.9 s'],
      [59_950, '1 min 0 s'],
      [125_000, '2 min 5 s'],
      [3_599_600, '60 min 0 s'],
    ];
    expect(cases.map(([ms]) => formatDuration(ms))).toEqual(cases.map(([, text]) => text));
  });
});

describe('one duration, one text', () => {
  const result = run([suite('s', [{ id: 'a', latencyMs: 8421 }])], { durationMs: 8421 });

  it('reads the same in the console summary, the markdown summary, HTML and compare', () => {
    const lines: string[] = [];
    new ConsoleReporter({ out: { write: (s: string) => lines.push(s) } }).summary(result);
    expect(lines.join('')).toMatch(/ in 8\.4 s\n$/);
    expect(markdownSummary(result)).toContain(' · 8.4 s · ');
    expect(htmlReport(result)).toContain(' · 8.4 s · ');
    const faster = run([suite('s', [{ id: 'a', latencyMs: 420 }])]);
    expect(compareText(compareRuns(result, faster), { base: 'a.json', current: 'b.json' })).toContain('8.4 s -> 420 ms (-8.0 s)');
  });
});
