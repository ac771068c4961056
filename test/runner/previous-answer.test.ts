/**
 * Record keeps the answer of the recording it overwrites (SampleResult.previous), judged by the
 * current checks (a grader is not asked again), so the summary can show old against new.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { overwrittenAnswers } from '../../reporters/answer-changes.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { validate as validateResults } from '../../src/shipped-validators/results.schema.ts';
import { record, tempProject } from '../support/project.ts';
import { startSimulator, toolAgentResponder, type Simulator } from '../support/sim/index.ts';

const suite = (p: string) => `name: shop
model: claude-haiku-4-5
max_tokens: 64
grader: { model: claude-haiku-4-5 }
cases:
  - id: echo
    prompt: "${p}"
    assert:
      - contains: "two"
  - id: graded
    prompt: "${p} graded"
    assert:
      - rubric: "Says the number"
  - id: same
    prompt: "unchanged"
    assert:
      - contains: "unchanged"
`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('previous answers', () => {
  it('keeps the overwritten answer, its usage and the verdict the current checks give it; none for a new or kept recording', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/shop.yaml': suite('one') });
    const first = await record(dir, sim.url);
    // New recordings overwrite nothing.
    expect(first.suites[0]!.cases.flatMap((c) => c.samples.map((s) => s.previous))).toEqual([undefined, undefined, undefined]);

    await writeFile(path.join(dir, 'suites/shop.yaml'), suite('two'));
    const result = await record(dir, sim.url);
    const [echo, graded, same] = result.suites[0]!.cases.map((c) => c.samples[0]!);
    expect(echo!.previous?.output.text).toContain('one');
    expect(echo!.output?.text).toContain('two');
    // The old answer fails today's check; the new one passes it.
    expect(echo!.previous?.status).toBe('failed');
    expect(echo!.status).toBe('passed');
    expect(echo!.previous?.usage.input_tokens).toBeGreaterThan(0);
    expect(echo!.previous?.costUsd).toBeGreaterThan(0);
    // A grader is not asked about the old answer: kept, without a verdict, and no grading call was paid for it.
    expect(graded!.previous?.output.text).toContain('one graded');
    expect(graded!.previous?.status).toBeUndefined();
    expect(graded!.calls.filter((c) => c.role === 'grader')).toHaveLength(1);
    // Unchanged: replayed by --record new, nothing overwritten.
    expect(same!.previous).toBeUndefined();
    expect(validateResults(JSON.parse(JSON.stringify(result)))).toBe(true);

    expect(overwrittenAnswers(result).map((c) => [c.title, c.verdict])).toEqual([
      ['shop › echo', 'failed → passed'],
      ['shop › graded', `not judged (a check asks a grader) → ${graded!.status}`],
    ]);
    const md = markdownSummary(result);
    expect(md).toContain('### Answers changed (old recording → new)');
    expect(md).toMatch(/^-.*one$/m);
    expect(md).toMatch(/^\+.*two$/m);
  });

  it('a tool loop recorded again with the same answers lists no change and keeps the verdict: the old answer is read as the new one is', async () => {
    // Tool inputs in an order the recording does not keep (it stores keys sorted).
    sim = await startSimulator({
      responder: toolAgentResponder([
        { name: 'lookup', input: { order_id: 'A-17', amount: 20 } },
        { name: 'refund', input: { order_id: 'A-17', amount: 20 } },
      ]),
    });
    const dir = await tempProject({
      'suites/agent.yaml': `name: agent
model: claude-haiku-4-5
max_tokens: 128
tools:
  - { name: lookup, input_schema: { type: object } }
  - { name: refund, input_schema: { type: object } }
tool_loop:
  max_turns: 4
  results: [{ tool: lookup, result: delivered }, { tool: refund, result: done }]
cases:
  - id: refund
    prompt: Refund order A-17
    assert:
      # The final message calls nothing; the refund was asked for at a step before it.
      - tool_called: none
      - tool_input: { tool: refund, step: any, path: order_id, equals: A-17 }
`,
    });
    await record(dir, sim.url, 'all');
    const again = await record(dir, sim.url, 'all');
    const sample = again.suites[0]!.cases[0]!.samples[0]!;
    expect(sample.status).toBe('passed');
    expect(sample.previous?.status).toBe('passed');
    expect(sample.previous?.output.toolCalls).toEqual(sample.output!.toolCalls);
    expect(overwrittenAnswers(again)).toEqual([]);
  });
});
