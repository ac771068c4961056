/** How compare shows numbers and their changes, the same in the console and in markdown. */
import { formatDuration as ms } from '../format/duration.ts';
import { formatUsd as usd } from '../format/usd.ts';
import type { Stats } from './stats.ts';

export interface DeltaCells {
  passRate: [string, string, string];
  cost: [string, string, string];
  p50: [string, string, string];
  p95: [string, string, string];
}

/** Before, after and change for each measure; "–" where a side has nothing to show. */
export function deltaCells(base: Stats | undefined, current: Stats | undefined): DeltaCells {
  return {
    passRate: triple(base?.passRate, current?.passRate, percent, (d) => `${sign(d)}${(Math.abs(d) * 100).toFixed(1)} pts`),
    // A suite whose cases made no call cost $0, which is a known amount, not "unknown".
    cost: triple(base?.costUsd, current?.costUsd, usd, (d) => `${sign(d)}${usd(Math.abs(d))}`, unpricedNote(base, current)),
    p50: triple(base?.latency.p50, current?.latency.p50, ms, (d) => `${sign(d)}${ms(Math.abs(d))}`),
    p95: triple(base?.latency.p95, current?.latency.p95, ms, (d) => `${sign(d)}${ms(Math.abs(d))}`),
  };
}

function unpricedNote(base: Stats | undefined, current: Stats | undefined): string {
  const models = [...new Set([...(base?.unpriced ?? []), ...(current?.unpriced ?? [])])];
  return models.length ? ` (no price for ${models.join(', ')})` : '';
}

function triple(a: number | undefined, b: number | undefined, show: (n: number) => string, change: (d: number) => string, note = ''): [string, string, string] {
  return [a === undefined ? '–' : show(a), b === undefined ? '–' : show(b) + note, a === undefined || b === undefined ? '–' : change(b - a)];
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
function sign(d: number): string {
  return d > 0 ? '+' : d < 0 ? '-' : '±';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
