/**
 * Trajectory checks read every step of a tool-loop case; the other assertions read the final
 * message unless `step:` names one. Outputs here carry hand-written steps, as the loop writes them.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAssertions } from '../../src/assertions/evaluate.ts';
import { sampleOutput } from '../../src/assertions/output.ts';
import { registry } from '../../src/assertions/registry.ts';
import type { Output } from '../../src/assertions/types.ts';
import type { TrajectoryStep } from '../../src/run-result.ts';
import { InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import type { AssertionSpec } from '../../src/suite/types.ts';
import { context, output, run, text } from './fixture.ts';

const call = (name: string, input: unknown) => ({ id: `toolu_${name}`, name, input });
const step = (calls: ReturnType<typeof call>[], reply = ''): TrajectoryStep => ({
  text: reply,
  toolCalls: calls,
  stopReason: calls.length ? 'tool_use' : 'end_turn',
});

/** A finished loop: its final message is the last step's answer. */
function loop(...steps: TrajectoryStep[]): Output {
  return { ...output([text(steps.at(-1)!.text)]), steps };
}

const good = loop(step([call('lookup_order', { order_id: 'A-17' })]), step([call('refund', { order_id: 'A-17', amount: 20 })]), step([], 'Refunded.'));
const refundFirst = loop(step([call('refund', { order_id: 'A-17', amount: 20 })]), step([call('lookup_order', { order_id: 'A-17' })]), step([], 'Done.'));
const spec = (name: string, args: unknown): AssertionSpec => ({ name, args, weight: 1, loc: { line: 1, col: 1 } }) as AssertionSpec;
const negated = async (name: string, args: unknown, out: Output) => (await evaluateAssertions([spec('not', spec(name, args))], context(out)))[0]!;

describe('tool_sequence', () => {
  it('exact: passes on the same calls, names the step that went wrong', async () => {
    expect(await run('tool_sequence', ['lookup_order', 'refund'], good)).toMatchObject({ pass: true, reason: 'called exactly lookup_order, refund' });
    expect(await run('tool_sequence', ['lookup_order', 'refund'], refundFirst)).toEqual({
      pass: false,
      reason: 'step 1 called refund before lookup_order (step 2); expected exactly the calls lookup_order, refund, got refund (step 1), lookup_order (step 2)',
      expected: 'exactly the calls lookup_order, refund',
      actual: 'refund (step 1), lookup_order (step 2)',
    });
    expect((await run('tool_sequence', ['lookup_order'], good)).reason).toMatch(/^step 2 called refund after the expected sequence;/);
    expect((await run('tool_sequence', ['lookup_order', 'refund', 'notify'], good)).reason).toMatch(
      /^the trajectory ended after step 2 without calling notify;/,
    );
    expect((await run('tool_sequence', ['lookup_order', 'notify'], good)).reason).toMatch(/^step 2 called refund where notify was expected;/);
  });

  it('in_order: others may come between; a call made too early is named with its step', async () => {
    const between = loop(step([call('lookup_order', {})]), step([call('check_policy', {})]), step([call('refund', {})]), step([], 'ok'));
    expect(await run('tool_sequence', { names: ['lookup_order', 'refund'], mode: 'in_order' }, between)).toMatchObject({
      pass: true,
      reason: 'called lookup_order, refund in that order',
    });
    expect((await run('tool_sequence', ['lookup_order', 'refund'], between)).pass).toBe(false);
    expect((await run('tool_sequence', { names: ['lookup_order', 'refund'], mode: 'in_order' }, refundFirst)).reason).toBe(
      'step 1 called refund before lookup_order (step 2); expected calls in order to lookup_order, refund, got refund (step 1), lookup_order (step 2)',
    );
    expect((await run('tool_sequence', { names: ['notify'], mode: 'in_order' }, good)).reason).toMatch(/^notify was never called;/);
    expect((await run('tool_sequence', { names: ['refund', 'notify'], mode: 'in_order' }, good)).reason).toMatch(
      /^notify was never called after refund \(step 2\);/,
    );
  });

  it('a one-request case is a one-step trajectory', async () => {
    expect(await run('tool_sequence', ['refund'], output('No tools.'))).toMatchObject({
      pass: false,
      reason: 'the trajectory ended without calling refund; expected exactly the calls refund, got no tool calls',
    });
  });

  it('not: passes when the sequence differs', async () => {
    expect(await negated('tool_sequence', ['lookup_order', 'refund'], refundFirst)).toMatchObject({
      pass: true,
      reason: expect.stringMatching(/^expected NOT: step 1 called refund before lookup_order/),
    });
    expect(await negated('tool_sequence', ['lookup_order', 'refund'], good)).toMatchObject({
      pass: false,
      reason: 'expected NOT: called exactly lookup_order, refund',
    });
  });
});

describe('tool_never_called', () => {
  it('reads every step, unlike tool_called (the final message)', async () => {
    expect(await run('tool_never_called', 'refund', good)).toMatchObject({ pass: false, reason: 'step 2 called refund', actual: 'refund (step 2)' });
    // The final message called no tool: tool_called reads only it.
    expect((await run('tool_called', 'none', good)).pass).toBe(true);
    expect(await run('tool_never_called', ['cancel', 'escalate'], good)).toMatchObject({ pass: true, reason: 'cancel, escalate were never called' });
    const twice = loop(step([call('refund', {})]), step([call('refund', {})]), step([], ''));
    expect((await run('tool_never_called', 'refund', twice)).reason).toBe('step 1 called refund (and refund (step 2))');
  });

  it('not:', async () => {
    expect(await negated('tool_never_called', 'refund', good)).toMatchObject({ pass: true, reason: 'expected NOT: step 2 called refund' });
  });
});

describe('turns', () => {
  it('counts the requests', async () => {
    expect(await run('turns', { max: 4 }, good)).toMatchObject({ pass: true, reason: 'took 3 turns' });
    expect(await run('turns', { max: 2 }, good)).toEqual({
      pass: false,
      reason: 'took 3 turns, expected at most 2 turns',
      expected: 'at most 2 turns',
      actual: '3 turns',
    });
    expect(await run('turns', { min: 4 }, good)).toMatchObject({ pass: false, reason: 'took 3 turns, expected at least 4 turns' });
    expect(await run('turns', 3, good)).toMatchObject({ pass: true });
    expect(await run('turns', 2, good)).toMatchObject({ pass: false, reason: 'took 3 turns, expected exactly 2 turns' });
    expect(await run('turns', 1, output('Hi.'))).toMatchObject({ pass: true, reason: 'took 1 turn' });
    expect(await negated('turns', { max: 4 }, good)).toMatchObject({ pass: false, reason: 'expected NOT: took 3 turns' });
  });

  it('refuses an empty or impossible range at validate time', () => {
    expect(registry.get('turns')!.check!({}, { suiteDir: '.', grader: {} })).toEqual(['needs min:, max: or both (or a number for exactly that many)']);
    expect(registry.get('turns')!.check!({ min: 5, max: 2 }, { suiteDir: '.', grader: {} })).toEqual(['min: 5 is more than max: 2; no trajectory could pass']);
    expect(registry.get('turns')!.check!({ min: 2, max: 2 }, { suiteDir: '.', grader: {} })).toEqual([]);
  });
});

describe('tool_input with step:', () => {
  it('reads the named step, any step, or by default the final message', async () => {
    expect(await run('tool_input', { tool: 'refund', step: 2, path: 'amount', lte: 50 }, good)).toMatchObject({ pass: true });
    expect(await run('tool_input', { tool: 'refund', step: 2, path: 'amount', lte: 10 }, good)).toMatchObject({
      pass: false,
      reason: 'step 2 refund input $.amount: expected <= 10, got 20',
    });
    expect(await run('tool_input', { tool: 'refund', step: 1, path: 'amount', lte: 50 }, good)).toMatchObject({
      pass: false,
      reason: 'expected a call to refund at step 1, got lookup_order',
    });
    expect(await run('tool_input', { tool: 'refund', step: 'any', path: 'amount', equals: 20 }, good)).toMatchObject({ pass: true });
    expect(await run('tool_input', { tool: 'refund', step: 'any', path: 'amount', equals: 99 }, good)).toMatchObject({
      pass: false,
      reason: expect.stringMatching(/^step 2 refund input \$\.amount: expected 99/),
    });
    expect(await run('tool_input', { tool: 'refund', step: 5, path: 'amount', equals: 20 }, good)).toMatchObject({
      pass: false,
      reason: 'expected a call at step 5, but the trajectory has 3 steps',
    });
    // Without step: the final message, which called nothing.
    expect(await run('tool_input', { tool: 'refund', path: 'amount', equals: 20 }, good)).toMatchObject({
      pass: false,
      reason: 'expected a call to refund, got no tool calls',
    });
  });
});

describe('in a suite', () => {
  const yaml = (asserts: string) =>
    'name: agent\nmodel: claude-haiku-4-5\ntools:\n  - { name: lookup_order, input_schema: { type: object } }\n  - { name: refund, input_schema: { type: object } }\n' +
    `cases:\n  - id: a\n    prompt: refund A-17\n    assert:\n${asserts}`;
  async function load(asserts: string): Promise<string[]> {
    const dir = await mkdtemp(path.join(tmpdir(), 'pg-trajectory-'));
    const file = path.join(dir, 'suite.yaml');
    await writeFile(file, yaml(asserts));
    return loadSuites([file]).then(
      () => [],
      (e: InputError) => e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`),
    );
  }

  it('validates the trajectory checks, their tool names and a misspelt name', async () => {
    expect(
      await load(
        '      - tool_sequence: [lookup_order, refund]\n      - tool_sequence: { names: [lookup_order], mode: in_order }\n      - tool_never_called: refund\n' +
          '      - not: { tool_never_called: [lookup_order] }\n      - turns: { max: 4 }\n      - turns: 2\n      - tool_input: { tool: refund, step: any, path: amount, lte: 50 }\n      - tool_input: { tool: refund, step: 2, path: amount, lte: 50 }\n',
      ),
    ).toEqual([]);
    expect(await load('      - tool_sequence: [lookup_ordr, refund]\n')).toEqual([
      "10:25: tool_sequence: 'lookup_ordr' is not a tool this suite defines (did you mean 'lookup_order'?); it defines lookup_order, refund",
    ]);
    expect(await load('      - not: { tool_never_called: refnd }\n')).toEqual([
      "10:35: tool_never_called: 'refnd' is not a tool this suite defines (did you mean 'refund'?); it defines lookup_order, refund",
    ]);
    expect(await load('      - tool_sequense: [refund]\n')).toEqual([expect.stringMatching(/tool_sequense.*did you mean 'tool_sequence'/)]);
    expect((await load('      - turns: {}\n'))[0]).toMatch(/turns: needs min:, max: or both/);
    expect((await load('      - tool_sequence: { names: [refund], mode: any_order }\n')).length).toBe(1);
    expect((await load('      - tool_input: { tool: refund, step: 0, path: amount, lte: 1 }\n')).length).toBe(1);
  });
});

describe('what a results file keeps', () => {
  it('a tool-loop answer keeps its steps; a one-request answer has none', () => {
    expect(sampleOutput(good)).toEqual({ text: 'Refunded.', toolCalls: [], stopReason: 'end_turn', steps: good.steps });
    expect(sampleOutput(output('Hi.'))).not.toHaveProperty('steps');
  });
});
