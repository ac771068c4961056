import { describe, expect, it } from 'vitest';
import { compareMarkdown, COMPARE_MARKER } from '../../src/saved-results/compare-markdown.ts';
import { compareText } from '../../src/saved-results/compare-text.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { percentile } from '../../src/saved-results/stats.ts';
import { run, suite } from './fixtures.ts';

const names = { base: 'base.json', current: 'current.json' };

// Base: triage has 4 cases (one failing), extraction 2; "legacy" exists only in base.
const base = run([
  suite('triage', [
    { id: 'billing', latencyMs: 400 },
    { id: 'refund', latencyMs: 500 },
    { id: 'broken', status: 'failed', latencyMs: 600 },
    { id: 'old', latencyMs: 700 },
  ]),
  suite('extraction', [{ id: 'person' }, { id: 'address' }]),
  suite('legacy', ['gone']),
]);
// Current: refund regresses, broken is fixed, old is removed, new is added; "fresh" is a new suite.
const current = run([
  suite(
    'triage',
    [
      { id: 'billing', latencyMs: 400 },
      { id: 'refund', status: 'failed', latencyMs: 900 },
      { id: 'broken', latencyMs: 600 },
      { id: 'new', latencyMs: 1000, input: 3000 },
    ],
    'triage-v2',
  ),
  suite('extraction', [{ id: 'person' }, { id: 'address', status: 'errored' }]),
  suite('fresh', ['hello']),
]);

describe('compareRuns', () => {
  const c = compareRuns(base, current);
  const ids = (list: { suite: string; id: string }[]) => list.map((x) => `${x.suite}/${x.id}`);

  it('finds the planted regressions: passed before, failed or errored now', () => {
    expect(ids(c.regressions)).toEqual(['triage/refund', 'extraction/address']);
    expect(c.regressions[0]).toMatchObject({ base: 'passed', current: 'failed', reason: 'contains: not found', file: 'suites/triage.yaml', line: 16 });
    expect(c.regressions[1]).toMatchObject({ current: 'errored', reason: 'overloaded' });
  });

  it('finds the planted fix, and the added and removed cases and suites', () => {
    expect(ids(c.fixed)).toEqual(['triage/broken']);
    expect(c.fixed[0]).toMatchObject({ base: 'failed', current: 'passed' });
    expect(ids(c.added)).toEqual(['triage/new', 'fresh/hello']);
    expect(ids(c.removed)).toEqual(['triage/old', 'legacy/gone']);
  });

  it("flags an edit only between digests taken alike: a sharded run's (of the text) against an unsharded one's never", () => {
    const withDigest = (digest: string) => run([{ ...suite('s', ['a']), digest }]);
    const edited = (a: string, b: string) => compareRuns(withDigest(a), withDigest(b)).suites[0]!.edited;
    expect(edited('0123456789abcdef', 'text:fedcba9876543210')).toBe(false);
    expect(edited('text:fedcba9876543210', '0123456789abcdef')).toBe(false);
    expect(edited('text:fedcba9876543210', 'text:00000000000000aa')).toBe(true);
    expect(edited('text:fedcba9876543210', 'text:fedcba9876543210')).toBe(false);
  });

  it('reports pass-rate, cost and latency per suite, and flags edited suites', () => {
    const triage = c.suites.find((s) => s.name === 'triage')!;
    expect(triage.edited).toBe(true);
    expect(triage.base!.passRate).toBe(0.75);
    expect(triage.current!.passRate).toBe(0.75);
    // claude-haiku-4-5 at $1/MTok in, $5/MTok out: 1000 in + 200 out = $0.002 a call; "new" sends 3000 in.
    expect(triage.base!.costUsd).toBeCloseTo(4 * 0.002, 10);
    expect(triage.current!.costUsd).toBeCloseTo(3 * 0.002 + 0.004, 10);
    expect(triage.base!.latency).toEqual({ calls: 4, p50: 500, p95: 700 });
    expect(triage.current!.latency).toEqual({ calls: 4, p50: 600, p95: 1000 });
    expect(c.suites.find((s) => s.name === 'extraction')).toMatchObject({ edited: false, base: { passRate: 1 }, current: { passRate: 0.5 } });
    expect(c.suites.map((s) => [s.name, !!s.base, !!s.current])).toEqual([
      ['triage', true, true],
      ['extraction', true, true],
      ['fresh', false, true],
      ['legacy', true, false],
    ]);
  });

  it('counts grader calls in cost but not in latency, and names models it cannot price', () => {
    const withGrader = run([
      suite('s', [
        { id: 'a', grader: true, latencyMs: 100 },
        { id: 'b', model: 'claude-unknown-9', latencyMs: 300 },
      ]),
    ]);
    const stats = compareRuns(withGrader, withGrader).totals.current;
    expect(stats.latency).toEqual({ calls: 2, p50: 100, p95: 300 });
    // haiku $0.002 + the sonnet grader (500 in at $3, 50 out at $15) = $0.00225; the unknown model is left out.
    expect(stats.costUsd).toBeCloseTo(0.002 + 0.00225, 10);
    expect(stats.unpriced).toEqual(['claude-unknown-9']);
  });

  it('finds nothing between a run and itself', () => {
    const same = compareRuns(base, base);
    expect([same.regressions, same.fixed, same.added, same.removed]).toEqual([[], [], [], []]);
  });
});

describe('percentile', () => {
  it('is the nearest rank, a measured value', () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 100)]).toEqual([100, 190, 200]);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('rendering', () => {
  const c = compareRuns(base, current);

  it('console text leads with the verdict and shows the deltas', () => {
    const text = compareText(c, names);
    expect(text.split('\n')[1]).toBe('2 regressions; 1 fixed case, 2 added cases, 2 removed cases');
    expect(text).toMatch(/✗ triage\/refund {2}failed: contains: not found {2}\(suites\/triage\.yaml:16\)/);
    expect(text).toMatch(
      /triage \(edited\) +75\.0% -> 75\.0% \(±0\.0 pts\) +\$0\.008 -> \$0\.01 \(\+\$0\.002\) +500 ms -> 600 ms \(\+100 ms\) +700 ms -> 1\.0 s \(\+300 ms\)/,
    );
    expect(text).toMatch(/extraction +100\.0% -> 50\.0% \(-50\.0 pts\)/);
    expect(text).toMatch(/fresh \(new\) +100\.0%/);
    expect(text).toMatch(/legacy \(removed\) +100\.0%/);
  });

  it('markdown carries the marker first, for the one PR comment', () => {
    const md = compareMarkdown(c, names);
    expect(md.startsWith(`${COMPARE_MARKER}\n### ❌ promptgate: 2 regressions`)).toBe(true);
    expect(md).toContain('#### Regressions (2) — passed before, fail now');
    expect(md).toContain('| `triage/refund` | failed | contains: not found | `suites/triage.yaml:16` |');
    expect(md).toContain('| `extraction` | 100.0% → 50.0% | -50.0 pts |');
    expect(md).toMatch(/\| \*\*All suites\*\* \| 85\.7% → 71\.4% \| -14\.3 pts \|/);
    expect(compareMarkdown(compareRuns(base, base), names)).toMatch(/^<!-- promptgate-compare -->\n### ✅ promptgate: no regressions/);
  });

  it('markdown keeps model text from breaking the table or injecting HTML', () => {
    const evil = run([suite('s', [{ id: 'a|b' }])]);
    const now = run([suite('s', [{ id: 'a|b', status: 'failed' }])]);
    now.suites[0]!.cases[0]!.samples[0]!.assertions[0]!.reason = 'got <!-- promptgate-compare --> | and\nmore';
    const md = compareMarkdown(compareRuns(evil, now), names);
    expect(md.match(/<!-- promptgate-compare -->/g)).toHaveLength(1);
    expect(md).toContain('| `s/a\\|b` | failed | contains: got \\<\\!-- promptgate-compare --\\> \\| and more |');
  });

  it("markdown cuts long lists so the comment stays under GitHub's size limit", () => {
    const many = (status: 'passed' | 'failed') =>
      run([
        suite(
          's',
          Array.from({ length: 500 }, (_, i) => ({ id: `case-${i}-${'x'.repeat(100)}`, status })),
        ),
      ]);
    const md = compareMarkdown(compareRuns(many('passed'), many('failed')), names);
    expect(md).toContain('…and 450 more');
    expect(md.length).toBeLessThan(65_536);
  });
});

describe('compare with a current run that stopped early', () => {
  // The budget stopped the current run before it reached refund and old: skipped, "not run".
  const stopped = run([suite('triage', [{ id: 'billing' }, { id: 'refund' }, { id: 'broken', status: 'failed' }, { id: 'old' }])], {
    stopped: { reason: 'budget', message: 'budget: the run reached its $0.03 cap' },
  });
  for (const c of stopped.suites[0]!.cases.filter((c) => c.id === 'refund' || c.id === 'old')) {
    Object.assign(c, { status: 'skipped', reason: 'not run: budget: the run reached its $0.03 cap', samples: [] });
    delete c.passRate;
  }
  const c = compareRuns(run([suite('triage', [{ id: 'billing' }, { id: 'refund' }, { id: 'broken', status: 'failed' }, { id: 'old' }])]), stopped);

  it('lists the cases it did not reach as not run, not as nothing changed, and says why', () => {
    expect(c.notRun.map((x) => `${x.suite}/${x.id} was ${x.base}`)).toEqual(['triage/refund was passed', 'triage/old was passed']);
    expect(c.regressions).toEqual([]);
    expect(c.current.stopped).toBe('budget: the run reached its $0.03 cap');
    const text = compareText(c, names);
    expect(text).toContain('no regressions; 0 fixed cases, 0 added cases, 0 removed cases, 2 cases not run (the run stopped early)');
    expect(text).toContain('Not run (the current run stopped early: budget: the run reached its $0.03 cap):\n  · triage/refund  was passed');
    const md = compareMarkdown(c, names);
    expect(md).toContain('### ⚠️ promptgate: no regressions;');
    expect(md).toContain('> The current run stopped early (budget: the run reached its \\$0.03 cap): the cases it did not reach are listed as not run');
  });

  it('a case skipped in both runs (skip: true) is no such case', () => {
    expect(compareRuns(stopped, stopped).notRun).toEqual([]);
  });
});
