import { describe, expect, it } from 'vitest';
import { evaluateAssertions, judgeCase } from '../../src/assertions/evaluate.ts';
import type { AssertionSpec } from '../../src/suite/types.ts';
import { context, output } from './fixture.ts';

const spec = (name: string, args: unknown, over: Partial<AssertionSpec> = {}): AssertionSpec => ({
  name,
  args,
  weight: 1,
  target: 'text',
  loc: { file: 's.yaml', line: 7, col: 9 },
  ...over,
});

describe('judgeCase', () => {
  it('passes when passed / judged reaches min_pass_rate, and flags a mix as flaky', () => {
    expect(judgeCase(['passed', 'passed', 'passed', 'passed', 'failed'], 0.8)).toEqual({ status: 'passed', passRate: 0.8, flaky: true });
    expect(judgeCase(['passed', 'failed', 'failed'], 0.5)).toEqual({ status: 'failed', passRate: 1 / 3, flaky: true });
    expect(judgeCase(['passed'], 1)).toEqual({ status: 'passed', passRate: 1, flaky: false });
    expect(judgeCase(['failed', 'failed'], 0)).toEqual({ status: 'passed', passRate: 0, flaky: false });
    expect(
      judgeCase(
        Array.from({ length: 10 }, (_, i) => (i < 7 ? 'passed' : 'failed')),
        0.7,
      ),
    ).toMatchObject({ status: 'passed', passRate: 0.7 });
  });

  it('errored samples are not judged; with nothing judged the case errored', () => {
    expect(judgeCase(['passed', 'errored', 'passed'], 1)).toEqual({ status: 'errored', passRate: 1, flaky: false });
    // 2 failures in 4 cannot reach 0.8 whatever the missing answer would have been: a failure, not an error.
    expect(judgeCase(['passed', 'failed', 'failed', 'errored'], 0.8)).toEqual({ status: 'failed', passRate: 1 / 3, flaky: true });
    expect(judgeCase(['failed', 'errored'], 1)).toEqual({ status: 'failed', passRate: 0, flaky: false });
    expect(judgeCase(['errored', 'errored'], 0.5)).toEqual({ status: 'errored', flaky: false });
    expect(judgeCase(['skipped'], 1)).toEqual({ status: 'skipped', flaky: false });
    expect(judgeCase([], 1)).toEqual({ status: 'skipped', flaky: false });
  });
});

describe('not: and targets with the new assertions', () => {
  it('not: turns a tool call into a failure with the inner reason', async () => {
    const out = output([{ type: 'tool_use', id: 't', name: 'refund', input: {} } as never]);
    const [r] = await evaluateAssertions([spec('not', spec('tool_called', 'refund'))], context(out));
    expect(r).toMatchObject({ name: 'tool_called', negated: true, pass: false, reason: 'expected NOT: called refund' });
  });

  it('json assertions can read the tool calls with target: tool_use', async () => {
    const out = output([{ type: 'tool_use', id: 't', name: 'refund', input: { amount: 20 } } as never]);
    const [r] = await evaluateAssertions([spec('json_path', { path: '[0].input.amount', lte: 10 }, { target: 'tool_use' })], context(out));
    expect(r).toMatchObject({ pass: false, reason: '$[0].input.amount: expected <= 10, got 20' });
  });
});
