/**
 * The console reporter's CI log (not a TTY): one line per finished case, written in batches, none
 * lost or reordered, all before the summary; a batch never waits for more than 256 lines.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import type { RunEvent } from '../../src/runner/events.ts';
import { caseResult, run, suite } from '../results/fixtures.ts';

const progress = { done: 0, total: 600, inFlight: 0, concurrency: 4, rateLimited: 0, retries: 0, spentUsd: 0 };

describe('the console reporter in a CI log', () => {
  it('writes every case line in order, in batches, and all of them before the summary', async () => {
    const writes: string[] = [];
    const reporter = new ConsoleReporter({ out: { write: (s: string) => writes.push(s) } });
    const ids = Array.from({ length: 600 }, (_, i) => `case-${i}`);
    for (const [i, id] of ids.entries()) {
      reporter.onEvent({ type: 'case', suite: 's', file: 'suites/s.yaml', result: caseResult({ id }, i), progress } as RunEvent);
      // A replay can finish hundreds of cases without a turn of the event loop: the log still moves.
      if (i === 299) expect(writes.join('')).toContain('✓ s/case-255\n');
    }
    reporter.summary(run([suite('s', ids)]));
    const out = writes.join('');
    expect(out.split('\n').filter((l) => l.startsWith('✓ '))).toEqual(ids.map((id) => `✓ s/${id}`));
    expect(out.indexOf('✓ s/case-599')).toBeLessThan(out.indexOf('600 passed'));
    expect(writes.length).toBeLessThan(10);

    // Lines of a later turn wait only for that turn to end.
    writes.length = 0;
    reporter.onEvent({ type: 'case', suite: 's', file: 'suites/s.yaml', result: caseResult({ id: 'late' }, 0), progress } as RunEvent);
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['✓ s/late\n']);
  });
});
