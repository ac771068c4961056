/**
 * What counts as CI (for refusing a committed `only:`), as vitest reads CI: set, and not "false" or "0".
 * No `undefined` row: an absent value falls back to this process's own CI, which CI itself sets.
 */
import { expect, it } from 'vitest';
import { isCI } from '../../src/runner/selection-guards.ts';

it.each<[string, boolean]>([
  ['', false],
  ['  ', false],
  ['false', false],
  [' FALSE ', false],
  ['0', false],
  ['00', true],
  ['1', true],
  ['true', true],
  ['yes', true],
])('CI=%j → %s', (value, ci) => {
  expect(isCI(value)).toBe(ci);
});
