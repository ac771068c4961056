/** The rounding rules for money, durations and counts at each edge: where a unit or a digit changes. */
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/format/count.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { formatUsd } from '../../src/format/usd.ts';

describe('formatUsd', () => {
  it.each<[number, string]>([
    [0, '$0.00'],
    [-0, '$0.00'],
    [0.00000049, '$0.00'], // under half a micro-dollar rounds to nothing
    [0.00000051, '$0.000001'],
    [0.000001, '$0.000001'],
    [0.001, '$0.001'],
    [0.01, '$0.01'],
    [0.1, '$0.10'], // zeros go past the cents, never into them
    [0.0251, '$0.0251'],
    [0.99999949, '$0.999999'],
    [0.99999951, '$1.00'], // rounding carries into the dollars
    [5, '$5.00'],
    [1234.5, '$1234.50'],
    [-0.00000049, '$0.00'], // no "-$0.00"
    [-0.000001, '-$0.000001'],
  ])('%f → %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0 ms'],
    [0.4, '0 ms'],
    [999.4, '999 ms'],
    [999.5, '1.0 s'], // rounded before the unit is chosen
    [1000, '1.0 s'],
    [1049, '1.0 s'],
    [1050, '1.1 s'],
    [59_949, '59.9 s'],
    [59_950, '1 min 0 s'],
    [60_000, '1 min 0 s'],
    [61_499, '1 min 1 s'],
    [61_500, '1 min 2 s'],
    [119_499, '1 min 59 s'],
    [119_500, '2 min 0 s'],
    [3_600_000, '60 min 0 s'],
  ])('%f ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatCount', () => {
  it.each<[number, string]>([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12_345, '12,345'],
    [999_999, '999,999'],
    [1_000_000, '1,000,000'],
    [-1000, '-1,000'],
  ])('%i → %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});
