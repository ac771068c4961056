/** compare shows, for each case in both runs whose answer changed, old against new: diff, verdict, tokens and cost. */
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHANGES, answerChange, answerChangesMarkdown } from '../../reporters/answer-changes.ts';
import { lineDiff } from '../../src/format/line-diff.ts';
import type { RunResult, SampleOutput } from '../../src/run-result.ts';
import { compareMarkdown } from '../../src/saved-results/compare-markdown.ts';
import { compareText } from '../../src/saved-results/compare-text.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { call, run, suite } from './fixtures.ts';

function answered(result: RunResult, outputs: Record<string, SampleOutput>): RunResult {
  for (const c of result.suites[0]!.cases) {
    const output = outputs[c.id];
    if (output) c.samples[0]!.output = output;
  }
  return result;
}

const text = (t: string): SampleOutput => ({ text: t, toolCalls: [], stopReason: 'end_turn' });
const names = { base: 'base.json', current: 'now.json' };

describe('compare: answers changed', () => {
  it('lists exactly the cases whose answer differs, with the diff, the verdict change and the token delta', () => {
    const base = answered(run([suite('triage', ['a', 'b', 'c'])]), { a: text('Refund issued.\nThanks.'), b: text('same'), c: text('x') });
    const now = answered(run([suite('triage', [{ id: 'a', status: 'failed', input: 1200 }, 'b', 'c'])]), {
      a: text('No refund.\nThanks.'),
      b: text('same'),
      c: text('x'),
    });
    const c = compareRuns(base, now);
    expect(c.answers.map((a) => [a.title, a.verdict])).toEqual([['triage › a', 'passed → failed']]);
    expect(c.answers[0]!.diff).toEqual(['-Refund issued.', '+No refund.', ' Thanks.', ' (stop: end_turn)']);
    expect(c.answers[0]!.figures).toContain('input tokens 1000 → 1200 (+200)');
    expect(compareText(c, names)).toContain('Answers changed (base -> current):\n  triage › a: passed → failed\n');
    const md = compareMarkdown(c, names);
    expect(md).toContain('#### Answers changed (1) — base → current');
    expect(md).toContain('```diff\n-Refund issued.\n+No refund.\n Thanks.\n (stop: end_turn)\n```');
  });

  it('shows a changed tool call input, and a tool loop by its steps', () => {
    const before: SampleOutput = { text: '', toolCalls: [{ id: 't1', name: 'refund', input: { order: 1 } }], stopReason: 'tool_use' };
    const after: SampleOutput = { text: '', toolCalls: [{ id: 't1', name: 'refund', input: { order: 2 } }], stopReason: 'tool_use' };
    expect(answerChange('x', { output: before }, { output: after })!.diff).toEqual(['-→ refund {"order":1}', '+→ refund {"order":2}', ' (stop: tool_use)']);
    const loop = (second: string): SampleOutput => ({
      ...text('done'),
      steps: [
        { text: '', toolCalls: [{ id: 't', name: 'lookup_order', input: {} }], stopReason: 'tool_use' },
        { text: '', toolCalls: [{ id: 'u', name: second, input: {} }], stopReason: 'tool_use' },
      ],
    });
    expect(answerChange('x', { output: loop('refund') }, { output: loop('escalate') })!.diff).toEqual([
      ' [step 1]',
      ' → lookup_order {}',
      ' (stop: tool_use)',
      ' [step 2]',
      '-→ refund {}',
      '+→ escalate {}',
      ' (stop: tool_use)',
    ]);
    expect(answerChange('x', { output: text('same') }, { output: text('same') })).toBeUndefined();
  });

  it('an answer cannot close the diff fence and write markup into the comment', () => {
    const change = answerChange('x', { output: text('a') }, { output: text('```\n<!-- promptgate-compare -->\n@someone') })!;
    const md = answerChangesMarkdown([change], '### h').join('\n');
    const fence = md.match(/^(`{3,})diff$/m)![1]!;
    expect(fence.length).toBeGreaterThan(3);
    // The only lines at the fence's length are its open and close.
    expect(md.split('\n').filter((l) => l.startsWith(fence))).toEqual([`${fence}diff`, fence]);
  });

  it('line diff: old lines first, common lines kept, empty sides', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([' a', '-b', '+x', ' c']);
    expect(lineDiff([], ['n'])).toEqual(['+n']);
    expect(lineDiff(['o'], [])).toEqual(['-o']);
  });

  it('prices both sides when they are priced', () => {
    const c = answerChange('x', { output: text('a'), ...costed(100, 10) }, { output: text('b'), ...costed(120, 30) })!;
    expect(c.figures).toMatch(/^input tokens 100 → 120 \(\+20\) · output tokens 10 → 30 \(\+20\) · cost \$[\d.]+ → \$[\d.]+$/);
  });
});

function costed(input: number, output: number) {
  const { usage } = call(1, 'claude-haiku-4-5', input, output);
  return { usage, costUsd: input / 1e6 + output / 1e5 };
}

describe('answer diffs in a markdown body', () => {
  it('are cut at MAX_ANSWER_CHANGES, saying how many more', () => {
    const many = Array.from({ length: MAX_ANSWER_CHANGES + 3 }, (_, i) => answerChange(`c${i}`, { output: text('a') }, { output: text('b') })!);
    const md = answerChangesMarkdown(many, '### h').join('\n');
    expect(md.match(/```diff/g)).toHaveLength(MAX_ANSWER_CHANGES);
    expect(md).toContain('…and 3 more changed answers (see the results JSON).');
  });
});
