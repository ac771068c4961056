import { expect, it } from 'vitest';
import type { CaseResult } from '../../src/run-result.ts';
import { caseFailure } from '../../src/vitest/case-report.ts';

it('a suite case that failed on a refusal names it in the vitest failure, not as the empty answer', () => {
  const c: CaseResult = {
    id: 'exploit',
    line: 4,
    col: 5,
    tags: [],
    status: 'failed',
    repeat: 1,
    minPassRate: 1,
    flaky: false,
    durationMs: 1,
    samples: [
      {
        repeat: 1,
        status: 'failed',
        output: { text: '', toolCalls: [], stopReason: 'refusal', stopDetails: { type: 'refusal', category: 'bio', explanation: 'Lab methods.' } },
        assertions: [{ name: 'contains', negated: false, pass: false, score: 0, weight: 1, reason: 'expected output to contain "x", got ""', expected: '"x"', actual: '""', line: 7, col: 9 }],
        calls: [],
        durationMs: 1,
      },
    ],
  };
  expect(caseFailure('suites/s.yaml', 's', c)).toContain('\n      actual:   refused (bio): Lab methods.');
});
