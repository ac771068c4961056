/** Which API version a run sent and from which SDK, said alike by the console, markdown, HTML and JUnit. */
import { caseLabel, type RunResult, type SuiteResult } from '../src/run-result.ts';

const MAX_NAMED = 5;

/**
 * `API version 2026-10-21 · @anthropic-ai/sdk 1.12.0`, with the cases a pin sent under another
 * version; undefined for results written before promptgate said. Plain text: callers make it inert.
 */
export function apiVersionNote(result: RunResult): string | undefined {
  if (!result.api) return undefined;
  const pinned = new Map<string, string[]>();
  for (const suite of result.suites) {
    for (const c of suite.cases)
      if (c.apiVersion !== undefined) pinned.set(c.apiVersion, [...(pinned.get(c.apiVersion) ?? []), `${suite.name}/${caseLabel(c)}`]);
  }
  const others = [...pinned].map(([version, cases]) => {
    const named = cases.slice(0, MAX_NAMED).join(', ') + (cases.length > MAX_NAMED ? ` and ${cases.length - MAX_NAMED} more` : '');
    return `${version} for ${cases.length} pinned case${cases.length === 1 ? '' : 's'}: ${named}`;
  });
  return `API version ${result.api.version}${others.length ? ` (${others.join('; ')})` : ''} · @anthropic-ai/sdk ${result.api.sdk}`;
}

/** The versions a suite's cases sent, for its JUnit properties. */
export function suiteApiVersions(result: RunResult, suite: SuiteResult): string[] {
  if (!result.api) return [];
  return [...new Set(suite.cases.map((c) => c.apiVersion ?? result.api!.version))].sort();
}
