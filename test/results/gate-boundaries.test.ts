/**
 * compare's gate at its edges: which status changes are regressions, when a repeated case's drop is
 * weighed against noise (two judged samples a side, at least), and the significance level itself.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { fisherDropP, judgeDrop, SIGNIFICANCE, type PassCounts } from '../../src/saved-results/significance.ts';
import type { Status } from '../../src/run-result.ts';
import { run, suite } from './fixtures.ts';

describe('judgeDrop', () => {
  const c = (passed: number, judged: number): PassCounts => ({ passed, judged });
  it.each<[PassCounts, PassCounts, 'regression' | 'inconclusive', number]>([
    [c(0, 0), c(0, 0), 'inconclusive', 1], // no samples: nothing to call a drop
    [c(2, 2), c(2, 2), 'inconclusive', 1],
    [c(2, 2), c(1, 2), 'inconclusive', 0.5],
    [c(5, 5), c(3, 5), 'inconclusive', 56 / 252],
    [c(5, 5), c(2, 5), 'inconclusive', 21 / 252],
    [c(5, 5), c(0, 5), 'regression', 1 / 252],
    [c(20, 20), c(16, 20), 'inconclusive', 0.053014553014553], // just above 5%
    [c(10, 10), c(6, 10), 'regression', 0.043343653250774], // just below 5%
    [c(20, 20), c(15, 20), 'regression', 0.023562023562024],
  ])('%j → %j: %s', (base, current, verdict, p) => {
    const judged = judgeDrop(base, current);
    expect(judged.verdict).toBe(verdict);
    expect(judged.p).toBeCloseTo(p, 12);
  });

  it('is judged at 5%: no exact-test p-value of small counts lands on it, so the rows above bracket it', () => {
    expect(SIGNIFICANCE).toBe(0.05);
    expect(fisherDropP(c(10, 10), c(7, 10))).toBeCloseTo(2 / 19, 12);
  });
});

describe('compareRuns: the gate', () => {
  const one = (status: Status) => run([suite('s', [{ id: 'a', status }])]);
  const repeated = (statuses: Status[], status: Status) => {
    const r = one(status);
    const c = r.suites[0]!.cases[0]!;
    c.samples = statuses.map((s, i) => ({ ...c.samples[0]!, repeat: i + 1, status: s }));
    c.repeat = statuses.length;
    return r;
  };
  const gate = (base: ReturnType<typeof one>, current: ReturnType<typeof one>) => {
    const x = compareRuns(base, current);
    return { regressions: x.regressions.length, inconclusive: x.inconclusive.length, fixed: x.fixed.length };
  };

  it.each<[Status, Status, { regressions: number; inconclusive: number; fixed: number }]>([
    ['passed', 'passed', { regressions: 0, inconclusive: 0, fixed: 0 }],
    ['passed', 'failed', { regressions: 1, inconclusive: 0, fixed: 0 }],
    ['passed', 'errored', { regressions: 1, inconclusive: 0, fixed: 0 }],
    ['passed', 'broken', { regressions: 1, inconclusive: 0, fixed: 0 }],
    ['passed', 'skipped', { regressions: 0, inconclusive: 0, fixed: 0 }],
    ['failed', 'failed', { regressions: 0, inconclusive: 0, fixed: 0 }],
    ['skipped', 'failed', { regressions: 0, inconclusive: 0, fixed: 0 }],
    ['failed', 'passed', { regressions: 0, inconclusive: 0, fixed: 1 }],
    ['errored', 'passed', { regressions: 0, inconclusive: 0, fixed: 1 }],
    ['broken', 'passed', { regressions: 0, inconclusive: 0, fixed: 1 }],
  ])('%s → %s', (was, now, expected) => {
    expect(gate(one(was), one(now))).toEqual(expected);
  });

  it('weighs a repeated drop against noise from two judged samples a side, not one', () => {
    // 2/2 → 1/2: p = 0.5, inconclusive
    expect(gate(repeated(['passed', 'passed'], 'passed'), repeated(['passed', 'failed'], 'failed'))).toEqual({ regressions: 0, inconclusive: 1, fixed: 0 });
    // one judged sample in base: decided by status alone
    expect(gate(repeated(['passed', 'skipped'], 'passed'), repeated(['passed', 'failed'], 'failed'))).toEqual({ regressions: 1, inconclusive: 0, fixed: 0 });
    // one judged sample now
    expect(gate(repeated(['passed', 'passed'], 'passed'), repeated(['failed', 'errored'], 'failed'))).toEqual({ regressions: 1, inconclusive: 0, fixed: 0 });
    // 5/5 → 0/5: significant, a regression
    expect(gate(repeated(Array<Status>(5).fill('passed'), 'passed'), repeated(Array<Status>(5).fill('failed'), 'failed'))).toEqual({
      regressions: 1,
      inconclusive: 0,
      fixed: 0,
    });
  });

  it('never weighs an errored or broken case against noise: those regress by status', () => {
    expect(gate(repeated(['passed', 'passed'], 'passed'), repeated(['passed', 'failed', 'errored'], 'errored'))).toEqual({
      regressions: 1,
      inconclusive: 0,
      fixed: 0,
    });
  });
});
