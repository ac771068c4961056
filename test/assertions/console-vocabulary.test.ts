import { describe, expect, it } from 'vitest';
import { consoleExpectationToAssertions } from '../../src/assertions/console-vocabulary.ts';

describe('Console expectation vocabulary', () => {
  it('maps tool called, category, confidence bounds and contains onto suite assertions', () => {
    expect(
      consoleExpectationToAssertions({ tool_called: 'classify_ticket', category: 'billing', confidence_above: 0.8, confidence_below: 1, contains: 'refund' }),
    ).toEqual({
      assert: [
        { tool_called: 'classify_ticket' },
        { tool_input: { tool: 'classify_ticket', path: 'category', equals: 'billing' } },
        { tool_input: { tool: 'classify_ticket', path: 'confidence', gt: 0.8 } },
        { tool_input: { tool: 'classify_ticket', path: 'confidence', lt: 1 } },
        { contains: 'refund' },
      ],
      unknown: {},
      invalid: [],
    });
  });

  it('null tool_called means no tool; the tool and paths can be named', () => {
    expect(consoleExpectationToAssertions({ tool_called: null }).assert).toEqual([{ tool_called: 'none' }]);
    expect(
      consoleExpectationToAssertions({ category: 'bug', confidence_above: 0.5 }, { tool: 'triage', categoryPath: 'labels.kind', confidencePath: 'score' })
        .assert,
    ).toEqual([{ tool_input: { tool: 'triage', path: 'labels.kind', equals: 'bug' } }, { tool_input: { tool: 'triage', path: 'score', gt: 0.5 } }]);
    expect(consoleExpectationToAssertions({ category: 'bug' }).assert).toEqual([{ tool_input: { path: 'category', equals: 'bug' } }]);
  });

  it('returns unknown keys and mistyped values instead of dropping them', () => {
    expect(consoleExpectationToAssertions({ contains: 'hi', sentiment: 'positive', confidence_above: 'high' })).toEqual({
      assert: [{ contains: 'hi' }],
      unknown: { sentiment: 'positive' },
      invalid: [{ key: 'confidence_above', value: 'high', expected: 'a number' }],
    });
  });
});
