/**
 * A tool-loop case's trajectory in every report: the console and markdown show it in short beside
 * the failed check (whose reason names the step), JUnit carries it in the failure's message, and the
 * HTML report shows each step (call, input, result, reply) with model text escaped like any other.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../reporters/console.ts';
import { htmlReport } from '../../reporters/html.ts';
import { junitXml } from '../../reporters/junit.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { trajectoryLine } from '../../reporters/reasons.ts';
import type { RunResult, SampleOutput } from '../../src/run-result.ts';
import { assertion, call, caseResult, HOSTILE, sample } from './fixtures.ts';

const xsd = readFileSync(new URL('./junit-10-with-file-line.xsd', import.meta.url), 'utf8');

/** refund before lookup_order: the regression the gate must name. A tool result carries hostile text. */
function refundFirst(toolResult = 'refunded'): SampleOutput {
  return {
    text: 'Done.',
    toolCalls: [],
    stopReason: 'end_turn',
    steps: [
      {
        text: '',
        toolCalls: [{ id: 'toolu_1', name: 'refund', input: { order_id: 'A-17', amount: 20 } }],
        stopReason: 'tool_use',
        toolResults: [{ toolUseId: 'toolu_1', name: 'refund', content: toolResult, isError: true }],
      },
      {
        text: '',
        toolCalls: [{ id: 'toolu_2', name: 'lookup_order', input: { order_id: 'A-17' } }],
        stopReason: 'tool_use',
        toolResults: [{ toolUseId: 'toolu_2', name: 'lookup_order', content: '{"status":"shipped"}', isError: false }],
      },
      { text: 'Done.', toolCalls: [], stopReason: 'end_turn' },
    ],
  };
}

const REASON = 'step 1 called refund before lookup_order (step 2); expected exactly the calls lookup_order, refund, got refund (step 1), lookup_order (step 2)';
const SHORT = 'refund(order_id=A-17, amount=20) → error; lookup_order(order_id=A-17) → ok; "Done."';

function loopRun(toolResult?: string): RunResult {
  return {
    version: 1,
    tool: { name: 'promptgate', version: '0.1.0' },
    mode: 'replay',
    startedAt: '2026-12-06T15:00:00.000Z',
    durationMs: 1200,
    suites: [
      {
        file: 'suites/agent.yaml',
        name: 'agent',
        digest: 'sha256:ab',
        cases: [
          caseResult({
            id: 'refund-after-lookup',
            line: 8,
            status: 'failed',
            passRate: 0,
            samples: [
              sample({
                status: 'failed',
                output: refundFirst(toolResult),
                assertions: [
                  assertion({
                    name: 'tool_sequence',
                    pass: false,
                    reason: REASON,
                    expected: 'exactly the calls lookup_order, refund',
                    actual: 'refund (step 1), lookup_order (step 2)',
                    line: 12,
                  }),
                ],
                calls: [
                  call('claude-haiku-4-5', { input_tokens: 300, output_tokens: 40 }),
                  call('claude-haiku-4-5', { input_tokens: 360, output_tokens: 30 }),
                  call('claude-haiku-4-5', { input_tokens: 420, output_tokens: 10 }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  };
}

describe('the trajectory in short', () => {
  it('each call with its input and whether its result was an error, then the final reply', () => {
    expect(trajectoryLine(refundFirst())).toBe(SHORT);
    expect(trajectoryLine({})).toBeUndefined();
  });
});

describe('reports of a failed tool-loop case', () => {
  it('console: the failed check names the step, with the trajectory beside it', () => {
    const writes: string[] = [];
    new ConsoleReporter({ out: { write: (s: string) => writes.push(s) } }).summary(loopRun());
    const out = writes.join('');
    expect(out).toContain(`    trajectory: ${SHORT}\n    tool_sequence (line 12): ${REASON}\n`);
  });

  it('JUnit: the failure message carries the trajectory in short, and the XML is junit-10 valid with hostile tool results', async () => {
    const xml = junitXml(loopRun(HOSTILE));
    expect(xml).toContain(`<failure message="tool_sequence: ${REASON} · trajectory: ${SHORT.replaceAll('"', '&quot;')}" type="AssertionFailure">`);
    expect(xml).toContain(`trajectory: ${SHORT}\nat refund-after-lookup (suites/agent.yaml:8:5)</failure>`);
    const result = await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit-10-with-file-line.xsd', contents: xsd } });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('markdown: the trajectory in a code span under the failed check', () => {
    expect(markdownSummary(loopRun())).toContain(
      `  - tool\\_sequence: step 1 called refund before lookup\\_order (step 2);` +
        ' expected exactly the calls lookup\\_order, refund, got refund (step 1), lookup\\_order (step 2)\n' +
        '    - expected: `exactly the calls lookup_order, refund`\n' +
        '    - actual: `refund (step 1), lookup_order (step 2)`\n' +
        `  - trajectory: \`${SHORT}\`\n`,
    );
  });

  it('HTML: each step with its call, input, result and reply; hostile text in a tool result stays text', () => {
    const page = htmlReport(loopRun(`<img src=x onerror="alert(1)"> ${HOSTILE}`)).replace(/\s+/g, ' ');
    expect(page).toContain('Trajectory <span class="muted">3 steps</span>');
    expect(page).toContain('<strong>Step 1</strong> <span class="muted">stop reason: tool_use</span><div>Tool call <code>refund</code>');
    expect(page).toContain('<div class="muted">error result</div><pre class="output">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(page).toContain('<strong>Step 2</strong>');
    expect(page).toContain('<div class="muted">result</div><pre class="output">{&quot;status&quot;:&quot;shipped&quot;}</pre>');
    expect(page).toContain(
      '<strong>Step 3</strong> <span class="muted">stop reason: end_turn</span><div class="muted">reply</div><pre class="output">Done.</pre>',
    );
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert');
  });
});
