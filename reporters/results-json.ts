/**
 * The saved RunResult: canonical JSON (sorted keys), so the same run always writes the same bytes.
 * Indented down to the suites, with each case on one line: a changed case is a changed line in a
 * diff, and a large run's file is half the size of one indented throughout, so faster to write,
 * read and merge. Its totals are counted afresh from the cases, never carried over from a file that was read.
 */
import { sortKeys } from '../src/canonical-json.ts';
import { totals, type RunResult } from '../src/run-result.ts';

export function resultsJson(result: RunResult): string {
  return laidOut(sortKeys({ ...result, totals: totals(result) }), '', []) + '\n';
}

/** JSON.stringify(value, null, 2), except that a case (suites[i].cases[j]) is written on one line. */
function laidOut(value: unknown, indent: string, at: readonly (string | number)[]): string {
  if (at.length === 4 && at[0] === 'suites' && at[2] === 'cases') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v, i) => inner + laidOut(v, inner, [...at, i])).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${laidOut(v, inner, [...at, k])}`).join(',\n')}\n${indent}}`;
}
