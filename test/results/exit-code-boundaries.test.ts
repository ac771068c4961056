/** The run's exit code and pass rate from its case counts: each status alone, mixed, none, and a stop. */
import { describe, expect, it } from 'vitest';
import { exitCode, passRateOf, totals, type Status, type Totals } from '../../src/run-result.ts';
import { run, suite } from './fixtures.ts';

const runOf = (statuses: Status[], stopped = false) =>
  run(
    [
      suite(
        's',
        statuses.map((status, i) => ({ id: `c${i}`, status })),
      ),
    ],
    stopped ? { stopped: { reason: 'interrupted', message: 'SIGINT' } } : {},
  );

describe('exitCode', () => {
  it.each<[Status[], boolean, 0 | 1 | 3]>([
    [[], false, 0],
    [['passed'], false, 0],
    [['skipped'], false, 0],
    [['passed', 'skipped'], false, 0],
    [['failed'], false, 1],
    [['passed', 'failed'], false, 1],
    [['failed', 'failed'], false, 1],
    [['errored'], false, 3],
    [['broken'], false, 3],
    [['failed', 'errored'], false, 3],
    [['failed', 'broken'], false, 3],
    [['passed'], true, 3],
    [[], true, 3],
  ])('%j stopped=%s → %i', (statuses, stopped, code) => {
    expect(exitCode(runOf(statuses, stopped))).toBe(code);
  });
});

describe('passRateOf', () => {
  const t = (over: Partial<Totals>): Totals => ({ cases: 0, passed: 0, failed: 0, errored: 0, broken: 0, skipped: 0, ...over });
  it.each<[Partial<Totals>, number | undefined]>([
    [{}, undefined],
    [{ skipped: 3 }, undefined],
    [{ passed: 1 }, 1],
    [{ failed: 1 }, 0],
    [{ passed: 1, failed: 1 }, 0.5],
    [{ passed: 1, errored: 1 }, 0.5],
    [{ passed: 1, broken: 1 }, 0.5],
    [{ passed: 1, skipped: 1 }, 1],
    [{ passed: 3, failed: 1 }, 0.75],
  ])('%j → %s', (counts, rate) => {
    expect(passRateOf(t(counts))).toBe(rate);
  });

  it('totals counts each case once, by its status', () => {
    expect(totals(runOf(['passed', 'failed', 'failed', 'errored', 'broken', 'skipped']))).toEqual({
      cases: 6,
      passed: 1,
      failed: 2,
      errored: 1,
      broken: 1,
      skipped: 1,
    });
  });
});
