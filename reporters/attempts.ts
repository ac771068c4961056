/**
 * Retries and 429s, in the words the HTML and the markdown summary share, so a report read afterwards
 * says which samples were retried and why (older results have none, and say nothing).
 */
import type { RunResult, SampleResult } from '../src/run-result.ts';

export interface RequestCounts {
  attempts: number;
  retries: number;
  rateLimited: number;
}

export function requestCounts(samples: Iterable<SampleResult>): RequestCounts {
  const counts: RequestCounts = { attempts: 0, retries: 0, rateLimited: 0 };
  for (const s of samples) {
    counts.attempts += s.attempts ?? 0;
    counts.retries += s.retries ?? 0;
    counts.rateLimited += s.rateLimited ?? 0;
  }
  return counts;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 API requests: 2 retries, 2 rate-limited (429)", or undefined when every call went through at once. */
export function requestsNote(counts: RequestCounts): string | undefined {
  if (counts.retries === 0 && counts.rateLimited === 0) return undefined;
  const parts = [plural(counts.retries, 'retry', 'retries')];
  if (counts.rateLimited) parts.push(`${counts.rateLimited} rate-limited (429)`);
  return `${plural(counts.attempts, 'API request')}: ${parts.join(', ')}`;
}

export function sampleRequestsNote(s: SampleResult): string | undefined {
  return requestsNote(requestCounts([s]));
}

/** The run's retries and 429s, with how many samples they touched. */
export function runRequestsNote(result: Pick<RunResult, 'suites'>): string | undefined {
  const samples = result.suites.flatMap((s) => s.cases.flatMap((c) => c.samples));
  const note = requestsNote(requestCounts(samples));
  if (!note) return undefined;
  const touched = samples.filter((s) => s.retries || s.rateLimited).length;
  return `${note}, in ${plural(touched, 'sample')}`;
}
