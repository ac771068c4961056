/**
 * Where the request sent differs from the one written: automatic prefix caching added a 5-minute
 * `cache_control` (CaseResult.cacheControlAdded). One line per suite, for the console and markdown.
 */
import type { RunResult } from '../src/run-result.ts';

export function cacheControlNotes(result: Pick<RunResult, 'suites'>): string[] {
  return result.suites.flatMap((suite) => {
    const marked = suite.cases.filter((c) => c.cacheControlAdded !== undefined);
    if (marked.length === 0) return [];
    const where = [...new Set(marked.map((c) => (c.cacheControlAdded === 'system' ? 'system prompt' : 'tools')))].join(' or ');
    const cases = marked.length === 1 ? '1 case' : `${marked.length} cases`;
    return [
      `${suite.file}: promptgate added a 5-minute cache_control at the end of the ${where} of ${cases} (automatic prefix caching; cache: false sends the request as written)`,
    ];
  });
}
