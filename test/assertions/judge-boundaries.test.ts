/**
 * The verdict thresholds at their edges: a sample's score against `threshold`, a case's pass rate
 * against `min_pass_rate`, with inputs just below, at and just above each one, and none at all.
 */
import { describe, expect, it } from 'vitest';
import { judgeCase, judgeSample } from '../../src/assertions/evaluate.ts';
import type { AssertionResult, Status } from '../../src/run-result.ts';

const check = (score: number, weight = 1, over: Partial<AssertionResult> = {}): AssertionResult => ({
  name: 'x',
  negated: false,
  pass: score === 1,
  score,
  weight,
  reason: '',
  line: 1,
  col: 1,
  ...over,
});
const broken = (weight = 1) => check(0, weight, { pass: false, error: true });

describe('judgeSample', () => {
  it.each<[string, AssertionResult[], number | undefined, { status: string; score: number }]>([
    ['no checks, no threshold', [], undefined, { status: 'passed', score: 1 }],
    ['no checks, threshold 1', [], 1, { status: 'passed', score: 1 }],
    ['one pass', [check(1)], undefined, { status: 'passed', score: 1 }],
    ['one fail', [check(0)], undefined, { status: 'failed', score: 0 }],
    ['a partial score without a threshold fails', [check(0.99)], undefined, { status: 'failed', score: 0.99 }],
    ['score just above the threshold', [check(0.5)], 0.49, { status: 'passed', score: 0.5 }],
    ['score at the threshold', [check(0.5)], 0.5, { status: 'passed', score: 0.5 }],
    ['score just below the threshold', [check(0.5)], 0.51, { status: 'failed', score: 0.5 }],
    ['threshold 0 passes a zero score', [check(0)], 0, { status: 'passed', score: 0 }],
    ['weights count: 3×1 + 1×0 at 0.75', [check(1, 3), check(0, 1)], 0.75, { status: 'passed', score: 0.75 }],
    ['weights count: 3×1 + 1×0 at 0.76', [check(1, 3), check(0, 1)], 0.76, { status: 'failed', score: 0.75 }],
    // 0.1 + 0.7 of 1.0 is 0.7999999999999999 in floating point: at the threshold all the same.
    [
      'fractional weights at the threshold: 0.1 + 0.7 of 1.0 at 0.8',
      [check(1, 0.1), check(1, 0.7), check(0, 0.2)],
      0.8,
      { status: 'passed', score: 0.7999999999999999 },
    ],
    [
      'fractional weights just below it: 0.1 + 0.7 of 1.0 at 0.81',
      [check(1, 0.1), check(1, 0.7), check(0, 0.2)],
      0.81,
      { status: 'failed', score: 0.7999999999999999 },
    ],
    ['a weight-0 failure still fails without a threshold', [check(0, 0)], undefined, { status: 'failed', score: 1 }],
    ['a weight-0 failure does not move a threshold', [check(0, 0)], 0.5, { status: 'passed', score: 1 }],
    ['a broken check alone', [broken()], undefined, { status: 'broken', score: 0 }],
    ['broken beside a failure: failed', [broken(), check(0)], undefined, { status: 'failed', score: 0 }],
    ['broken beside a pass: broken', [broken(), check(1)], undefined, { status: 'broken', score: 0.5 }],
    ['broken could reach the threshold (at it): broken', [broken(), check(0)], 0.5, { status: 'broken', score: 0 }],
    ['broken could not reach the threshold (just above): failed', [broken(), check(0)], 0.51, { status: 'failed', score: 0 }],
  ])('%s', (_, results, threshold, expected) => {
    expect(judgeSample(results, threshold)).toEqual(expected);
  });
});

describe('judgeCase', () => {
  const n = (count: number, status: Status): Status[] => Array<Status>(count).fill(status);
  it.each<[string, Status[], number, { status: Status; passRate?: number; flaky: boolean }]>([
    ['no samples', [], 1, { status: 'skipped', flaky: false }],
    ['only skipped', ['skipped'], 1, { status: 'skipped', flaky: false }],
    ['only errored', ['errored'], 0, { status: 'errored', flaky: false }],
    ['only broken', ['broken'], 0, { status: 'broken', flaky: false }],
    ['errored before broken', ['broken', 'errored'], 1, { status: 'errored', flaky: false }],
    ['one pass at 1', ['passed'], 1, { status: 'passed', passRate: 1, flaky: false }],
    ['one fail at 0 passes the gate', ['failed'], 0, { status: 'passed', passRate: 0, flaky: false }],
    ['one fail at just above 0', ['failed'], 0.01, { status: 'failed', passRate: 0, flaky: false }],
    ['7/10 just above 0.7', [...n(7, 'passed'), ...n(3, 'failed')], 0.69, { status: 'passed', passRate: 0.7, flaky: true }],
    ['7/10 at 0.7 (the float epsilon)', [...n(7, 'passed'), ...n(3, 'failed')], 0.7, { status: 'passed', passRate: 0.7, flaky: true }],
    ['7/10 just below 0.71', [...n(7, 'passed'), ...n(3, 'failed')], 0.71, { status: 'failed', passRate: 0.7, flaky: true }],
    // a rate written rounded: 2/3 as 0.6666666667 is within the epsilon, 0.666667 is not
    ['2/3 at a rounded 0.6666666667', ['passed', 'passed', 'failed'], 0.6666666667, { status: 'passed', passRate: 2 / 3, flaky: true }],
    ['2/3 below 0.666667', ['passed', 'passed', 'failed'], 0.666667, { status: 'failed', passRate: 2 / 3, flaky: true }],
    ['2/3 below 0.67', ['passed', 'passed', 'failed'], 0.67, { status: 'failed', passRate: 2 / 3, flaky: true }],
    ['skipped samples do not count', ['passed', 'skipped'], 1, { status: 'passed', passRate: 1, flaky: false }],
    ['an errored sample that could reach the rate (at it): errored', ['failed', 'errored'], 0.5, { status: 'errored', passRate: 0, flaky: false }],
    ['an errored sample that could not (just above): failed', ['failed', 'errored'], 0.51, { status: 'failed', passRate: 0, flaky: false }],
    [
      'a broken sample that could reach 3/4 at 0.75: broken',
      ['passed', 'passed', 'failed', 'broken'],
      0.75,
      { status: 'broken', passRate: 2 / 3, flaky: true },
    ],
    ['a broken sample that could not reach 0.76: failed', ['passed', 'passed', 'failed', 'broken'], 0.76, { status: 'failed', passRate: 2 / 3, flaky: true }],
    ['all passed but one errored, at 1: errored', ['passed', 'errored'], 1, { status: 'errored', passRate: 1, flaky: false }],
  ])('%s', (_, samples, minPassRate, expected) => {
    expect(judgeCase(samples, minPassRate)).toEqual(expected);
  });
});
