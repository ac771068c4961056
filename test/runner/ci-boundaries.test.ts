/**
 * What counts as CI (for refusing a committed `only:`), as vitest reads CI: set, and not "false" or "0".
 * The value is the run's own (its env), never this process's: unset is not CI, whatever CI runs the tests.
 */
import { expect, it } from 'vitest';
import { isCI } from '../../src/runner/selection-guards.ts';

it.each<[string | undefined, boolean]>([
  [undefined, false],
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
