/**
 * The spend cap's arithmetic at its edges: a sample that fits exactly, one a micro-dollar over, a
 * cap of 0, float sums that must not refuse a fit, and the count slack the worst case adds.
 */
import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/runner/budget.ts';
import { promptUpperBound } from '../../src/runner/worst-case.ts';

const budget = (cap: number, spent = 0, reserved = 0) => Object.assign(new Budget(cap, '--max-cost'), { spentUsd: spent, reservedUsd: reserved });

describe('Budget.refusal', () => {
  it.each<[string, Budget, number, boolean]>([
    ['nothing spent, nothing asked', budget(1), 0, true],
    ['the whole cap at once', budget(1), 1, true],
    ['a micro-dollar over the cap', budget(1), 1.000001, false],
    ['just under the nano-dollar slack', budget(1), 1 + 0.9e-9, true],
    ['exactly at the nano-dollar slack', budget(1), 1 + 1e-9, true],
    ['just over the nano-dollar slack', budget(1), 1 + 2e-9, false],
    ['a cap of 0 admits a free sample', budget(0), 0, true],
    ['a cap of 0 refuses a micro-dollar', budget(0), 0.000001, false],
    ['spent + in flight + asked = cap', budget(1, 0.25, 0.5), 0.25, true],
    ['spent + in flight + asked just over the cap', budget(1, 0.25, 0.5), 0.250001, false],
    ['spent counts: without it the sample would fit', budget(1, 0.5, 0), 0.500001, false],
    ['in flight counts: without it the sample would fit', budget(1, 0, 0.5), 0.500001, false],
    ['float sums that fit exactly are not refused (0.1 + 0.2 of 0.3)', budget(0.3, 0.1, 0.2), 0, true],
  ])('%s', (_, b, worst, fits) => {
    expect(b.refusal(worst) === undefined).toBe(fits);
  });

  it('says what would pass the cap, in the one money format', () => {
    expect(budget(1, 0.4, 0.6).refusal(0.000001, 'case a')).toBe(
      'budget: $0.40 spent + $0.60 in flight + $0.000001 for case a (worst case) would pass --max-cost $1.00',
    );
  });
});

describe('Budget reservations', () => {
  it('settles each reservation, and the last one back to exactly 0 in flight', () => {
    const b = new Budget(10, '--max-cost');
    b.reserve(0.25);
    b.reserve(0.5);
    expect([b.reservedUsd, b.inFlight]).toEqual([0.75, 2]);
    b.settle(0.25, 0.125);
    expect([b.reservedUsd, b.spentUsd, b.inFlight]).toEqual([0.5, 0.125, 1]);
    b.charge(0.25, 0.0625);
    expect([b.reservedUsd, b.spentUsd, b.inFlight]).toEqual([0.25, 0.1875, 1]);
    b.settle(0.1, 0.5); // gives back less than is left: the last settle clears what remains anyway
    expect([b.reservedUsd, b.spentUsd, b.inFlight]).toEqual([0, 0.6875, 0]);
  });

  it('never lets the reserved sum go below 0', () => {
    const b = new Budget(10, '--max-cost');
    b.reserve(0.25);
    b.reserve(0.25);
    b.charge(1, 0);
    expect(b.reservedUsd).toBe(0);
    b.settle(1, 0);
    expect([b.reservedUsd, b.inFlight]).toEqual([0, 1]);
  });
});

describe('promptUpperBound', () => {
  // count_tokens is an estimate: 1% (rounded up) and 64 tokens more, and nothing for an empty count
  it.each<[number, number]>([
    [-1, 0],
    [0, 0],
    [1, 66],
    [99, 164],
    [100, 165],
    [101, 167],
    [1000, 1074],
    [6336, 6464],
  ])('%i counted → %i reserved', (counted, bound) => {
    expect(promptUpperBound(counted)).toBe(bound);
  });
});
