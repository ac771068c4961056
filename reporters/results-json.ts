/** The saved RunResult: pretty-printed with keys sorted, so the same run always writes the same bytes. */
import type { RunResult } from '../src/run-result.ts';

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
  return out;
}

export function resultsJson(result: RunResult): string {
  return JSON.stringify(sorted(result), null, 2) + '\n';
}
