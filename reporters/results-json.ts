/**
 * The saved RunResult: pretty-printed canonical JSON, so the same run always writes the same bytes.
 * Its totals are counted afresh from the cases, never carried over from a file that was read.
 */
import { canonicalJson } from '../src/canonical-json.ts';
import { totals, type RunResult } from '../src/run-result.ts';

export function resultsJson(result: RunResult): string {
  return canonicalJson({ ...result, totals: totals(result) }, 2) + '\n';
}
