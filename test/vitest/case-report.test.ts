import { expect, it } from 'vitest';
import type { CaseResult, SampleOutput, SampleResult } from '../../src/run-result.ts';
import { caseFailure } from '../../src/vitest/case-report.ts';

/** A failed case at suites line 4:5 whose one sample failed with `output` and `assertions`. */
const failedCase = (id: string, output: SampleOutput, assertions: SampleResult['assertions']): CaseResult => ({
  id,
  line: 4,
  col: 5,
  tags: [],
  status: 'failed',
  repeat: 1,
  minPassRate: 1,
  flaky: false,
  durationMs: 1,
  samples: [{ repeat: 1, status: 'failed', output, assertions, calls: [], durationMs: 1 }],
});

it('a suite case that failed on a refusal names it in the vitest failure, not as the empty answer', () => {
  const c = failedCase(
    'exploit',
    { text: '', toolCalls: [], stopReason: 'refusal', stopDetails: { type: 'refusal', category: 'bio', explanation: 'Lab methods.' } },
    [
      {
        name: 'contains',
        negated: false,
        pass: false,
        score: 0,
        weight: 1,
        reason: 'expected output to contain "x", got ""',
        expected: '"x"',
        actual: '""',
        line: 7,
        col: 9,
      },
    ],
  );
  expect(caseFailure('suites/s.yaml', 's', c)).toContain('\n      actual:   refused (bio): Lab methods.');
});

it('a tool-loop case that failed names the step in its reason, with the trajectory in short', () => {
  const reason =
    'step 1 called refund before lookup_order (step 2); expected exactly the calls lookup_order, refund, got refund (step 1), lookup_order (step 2)';
  const steps = [
    {
      text: '',
      toolCalls: [{ id: 't1', name: 'refund', input: { order_id: 'A-17' } }],
      stopReason: 'tool_use' as const,
      toolResults: [{ toolUseId: 't1', name: 'refund', content: 'ok', isError: false }],
    },
    {
      text: '',
      toolCalls: [{ id: 't2', name: 'lookup_order', input: { order_id: 'A-17' } }],
      stopReason: 'tool_use' as const,
      toolResults: [{ toolUseId: 't2', name: 'lookup_order', content: '{}', isError: false }],
    },
    { text: 'Done.', toolCalls: [], stopReason: 'end_turn' as const },
  ];
  const c = failedCase('refund', { text: 'Done.', toolCalls: [], stopReason: 'end_turn', steps }, [
    { name: 'tool_sequence', negated: false, pass: false, score: 0, weight: 1, reason, line: 7, col: 9 },
  ]);
  expect(caseFailure('suites/agent.yaml', 'agent', c)).toBe(
    'agent/refund failed (suites/agent.yaml:4:5)\n' +
      `  ✗ tool_sequence at suites/agent.yaml:7:9: ${reason}\n` +
      '  trajectory: refund(order_id=A-17) → ok; lookup_order(order_id=A-17) → ok; "Done."',
  );
});
