/** The saved RunResult: pretty-printed canonical JSON, so the same run always writes the same bytes. */
import { canonicalJson } from '../src/canonical-json.ts';
import type { RunResult } from '../src/run-result.ts';

export function resultsJson(result: RunResult): string {
  return canonicalJson(result, 2) + '\n';
}
