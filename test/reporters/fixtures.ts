/** Hand-built RunResults for reporter tests: every status, repeats, graders, hostile output. */
import type { AssertionResult, CallRecord, CaseResult, RunResult, SampleResult, Usage } from '../../src/run-result.ts';

export function usage(u: Partial<Usage> = {}): Usage {
  return {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_5m_input_tokens: 0,
    cache_creation_1h_input_tokens: 0,
    cache_creation_input_tokens: (u.cache_creation_5m_input_tokens ?? 0) + (u.cache_creation_1h_input_tokens ?? 0),
    ...u,
  };
}

export function call(model: string, u: Partial<Usage>, extra: Partial<CallRecord> = {}): CallRecord {
  return { role: 'case', model, usage: usage(u), latencyMs: 420, batch: false, ...extra };
}

export function assertion(a: Partial<AssertionResult> & Pick<AssertionResult, 'name' | 'pass' | 'reason' | 'line'>): AssertionResult {
  return { negated: false, score: a.pass ? 1 : 0, weight: 1, col: 9, ...a };
}

export function sample(s: Partial<SampleResult> & Pick<SampleResult, 'status'>): SampleResult {
  return { repeat: 1, assertions: [], calls: [], durationMs: 500, ...s };
}

export function caseResult(c: Partial<CaseResult> & Pick<CaseResult, 'id' | 'status' | 'line'>): CaseResult {
  return { col: 5, tags: [], repeat: 1, minPassRate: 1, flaky: false, durationMs: 500, samples: [], ...c };
}

const text = (t: string) => ({ text: t, toolCalls: [], stopReason: 'end_turn' as const });

/** Output no XML or HTML writer may pass through raw. */
export const HOSTILE =
  'nul\u0000 bell\u0007 esc\u001b[31mred\u001b[0m vt\u000b ff\u000c ]]> </system-out> <script>alert("x")</script> ' +
  '&amp; &#0; lone\ud800high lone\udc00low ok😀pair \ufffe\uffff crlf\r\nend';

export function realisticRun(): RunResult {
  const haiku = 'claude-haiku-4-5';
  const grader = 'claude-sonnet-4-5-20250929';
  const rubricSample = (repeat: number, pass: boolean): SampleResult =>
    sample({
      repeat,
      status: pass ? 'passed' : 'failed',
      output: text(pass ? '{"name":"Alice","age":30,"city":"NYC"}' : 'Sure! Here is the JSON: {"name":"Alice","age":"30","city":"NYC"}'),
      durationMs: 800 + repeat,
      assertions: [
        assertion({
          name: 'json_schema',
          pass,
          reason: pass ? 'matches schemas/person.schema.json' : 'output is not JSON: Unexpected token S at 1:1',
          line: 31,
        }),
        assertion({
          name: 'rubric',
          label: 'Answers only with the JSON object',
          pass,
          score: pass ? 0.9 : 0.2,
          reason: pass ? 'grader: only the object' : 'grader: the answer adds a preamble before the JSON',
          line: 32,
        }),
      ],
      calls: [
        call(haiku, { input_tokens: 120, output_tokens: 30 }, { cassette: `fixtures/support-triage/extraction-json.${repeat}.json` }),
        call(grader, { input_tokens: 400, output_tokens: 60 }, { role: 'grader' }),
      ],
    });

  return {
    version: 1,
    tool: { name: 'promptgate', version: '0.1.0' },
    mode: 'replay',
    startedAt: '2026-11-03T09:15:42.123Z',
    durationMs: 8421,
    suites: [
      {
        file: 'suites/support-triage.yaml',
        name: 'support-triage',
        digest: 'sha256:4b1f0c',
        cases: [
          caseResult({
            id: 'billing-double-charge',
            line: 12,
            tags: ['billing'],
            status: 'passed',
            passRate: 1,
            durationMs: 612,
            samples: [
              sample({
                status: 'passed',
                output: {
                  text: '',
                  toolCalls: [{ id: 'toolu_01', name: 'classify_ticket', input: { category: 'billing', confidence: 0.93 } }],
                  stopReason: 'tool_use',
                },
                assertions: [
                  assertion({ name: 'tool_called', pass: true, reason: 'classify_ticket was called', line: 15 }),
                  assertion({ name: 'tool_input', pass: true, reason: 'category equals "billing"', line: 16 }),
                ],
                calls: [
                  call(haiku, {
                    input_tokens: 1000,
                    output_tokens: 500,
                    cache_creation_5m_input_tokens: 2000,
                    cache_creation_1h_input_tokens: 4000,
                    cache_read_input_tokens: 10_000,
                  }),
                ],
              }),
            ],
          }),
          caseResult({
            id: 'out-of-scope',
            name: 'Refuses weather questions',
            line: 19,
            status: 'failed',
            passRate: 0,
            durationMs: 455,
            samples: [
              sample({
                status: 'failed',
                output: text('It is sunny and 22°C in Paris today.'),
                assertions: [
                  assertion({
                    name: 'contains',
                    pass: false,
                    reason: 'output does not contain "I can only help with"',
                    expected: '"I can only help with"',
                    actual: '"It is sunny and 22°C in Paris today."',
                    line: 22,
                  }),
                  assertion({ name: 'tool_called', pass: true, reason: 'no tool was called', line: 23 }),
                ],
                calls: [call(haiku, { input_tokens: 300, output_tokens: 20 })],
              }),
            ],
          }),
          caseResult({
            id: 'extraction-json',
            line: 27,
            status: 'failed',
            repeat: 5,
            minPassRate: 0.8,
            passRate: 0.6,
            flaky: true,
            durationMs: 4015,
            samples: [rubricSample(1, true), rubricSample(2, false), rubricSample(3, true), rubricSample(4, false), rubricSample(5, true)],
          }),
          caseResult({
            id: 'refund-policy',
            line: 35,
            status: 'errored',
            durationMs: 3,
            samples: [
              sample({
                status: 'errored',
                durationMs: 3,
                error: {
                  type: 'stale_recording',
                  message: 'the request no longer matches fixtures/support-triage/refund-policy.json',
                  hint: 'npx promptgate run suites/support-triage.yaml --record --filter refund-policy',
                  diff: '- system: "You triage tickets"\n+ system: "You triage support tickets"',
                },
              }),
            ],
          }),
          caseResult({ id: 'weather-later', line: 40, status: 'skipped', reason: 'skip: waiting on the weather tool', durationMs: 0 }),
        ],
      },
      {
        file: 'suites/edge cases & unicode.yaml',
        name: 'édge-cases ✨',
        digest: 'sha256:99aa01',
        cases: [
          caseResult({
            id: 'grüße-日本語-🚀',
            line: 6,
            status: 'passed',
            passRate: 1,
            durationMs: 390,
            samples: [
              sample({
                status: 'passed',
                output: text('こんにちは 👋 — «ça va?»'),
                assertions: [assertion({ name: 'icontains', pass: true, reason: 'contains "こんにちは"', line: 9 })],
                calls: [call('claude-opus-4-5', { input_tokens: 50, output_tokens: 12 })],
              }),
            ],
          }),
          caseResult({
            id: 'hostile-output',
            line: 11,
            status: 'failed',
            passRate: 0,
            durationMs: 700,
            samples: [
              sample({
                status: 'failed',
                output: text(HOSTILE + 'x'.repeat(40_000)),
                assertions: [
                  assertion({
                    name: 'contains',
                    negated: true,
                    pass: false,
                    reason: 'output contains "]]>" <and> & "</failure>"',
                    expected: 'no "]]>"',
                    actual: HOSTILE.slice(0, 60),
                    line: 14,
                    col: 11,
                  }),
                ],
                calls: [call('claude-experimental-9', { input_tokens: 70, output_tokens: 9000 })],
              }),
            ],
          }),
        ],
      },
    ],
  };
}

/** A batch run with one case and a grader, small enough to price by hand. */
export function batchRun(): RunResult {
  return {
    version: 1,
    tool: { name: 'promptgate', version: '0.1.0' },
    mode: 'batch',
    startedAt: '2026-11-04T00:00:00.000Z',
    durationMs: 60_000,
    suites: [
      {
        file: 'suites/a.yaml',
        name: 'a',
        digest: 'sha256:00',
        cases: [
          caseResult({
            id: 'one',
            line: 4,
            status: 'passed',
            passRate: 1,
            samples: [
              sample({
                status: 'passed',
                output: text('ok'),
                calls: [
                  call('claude-sonnet-4-6', { input_tokens: 2_000_000, output_tokens: 100_000 }, { batch: true }),
                  call('claude-haiku-4-5', { input_tokens: 10_000, output_tokens: 1_000 }, { role: 'grader', batch: true }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  };
}
