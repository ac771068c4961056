/** A request promptgate changed by an automatic cache_control is named once per suite, in the console and markdown. */
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { run, suite } from '../results/fixtures.ts';

function marked() {
  const s = suite('s', ['a', 'b', 'c']);
  s.cases[0]!.cacheControlAdded = 'system';
  s.cases[1]!.cacheControlAdded = 'system';
  return run([s, suite('plain', ['x'])]);
}

const LINE =
  'suites/s.yaml: promptgate added a 5-minute cache_control at the end of the system prompt of 2 cases (automatic prefix caching; cache: false sends the request as written)';

describe('automatic cache_control in reports', () => {
  it('the console summary says it in one line for the suite, and nothing for a suite sent as written', () => {
    const writes: string[] = [];
    new ConsoleReporter({ out: { write: (s: string) => writes.push(s) } }).summary(marked());
    const notes = writes
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('note: '));
    expect(notes).toEqual([`note: ${LINE}`]);
  });

  it('the markdown summary too', () => {
    const md = markdownSummary(marked());
    expect(md.split('\n').filter((l) => l.startsWith('Note: '))).toHaveLength(1);
    expect(md).toContain('promptgate added a 5-minute cache\\_control at the end of the system prompt of 2 cases');
  });

  it('neither says anything when every request went as written', () => {
    const writes: string[] = [];
    new ConsoleReporter({ out: { write: (s: string) => writes.push(s) } }).summary(run([suite('s', ['a'])]));
    expect(writes.join('')).not.toContain('cache_control');
    expect(markdownSummary(run([suite('s', ['a'])]))).not.toContain('cache');
  });
});
