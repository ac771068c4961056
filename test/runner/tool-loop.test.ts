/**
 * Tool-loop cases (`tool_loop:`): the model's tool calls are answered (scripted results or the app's
 * own handlers) and the conversation goes on until the model answers. Every step is its own call and
 * recording (`<case>.cont-<k>.json`, one count with pause_turn continuations), replay reproduces the
 * trajectory offline, and a loop that cannot end (max_turns) or a call nothing answers fails the case.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { callCost } from '../../src/pricing/cost.ts';
import type { SampleResult } from '../../src/run-result.ts';
import { checkSpendCap } from '../../src/runner/spend-cap.ts';
import { requestBytes, uncountedWorstCall, worstCall } from '../../src/runner/worst-case.ts';
import { validate as validateResults } from '../../src/shipped-validators/results.schema.ts';
import { suiteDigest } from '../../src/suite/digest.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { pausingResponder, startSimulator, toolAgentResponder, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { batchTransport, createdBatches, runBatchMode } from '../batch/batch-project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const TOOLS = `tools:
  - name: lookup_order
    description: Look an order up by id
    input_schema: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
  - name: refund
    description: Refund an order
    input_schema: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
`;

const suite = (loop: string, prompt = 'Refund order A-17, it arrived broken') => `name: s
model: claude-haiku-4-5
max_tokens: 256
${TOOLS}cases:
  - id: refund
    prompt: ${prompt}
    tool_loop:
${loop
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
    assert:
      - contains: "Done."
      - max_output_tokens: 100000
`;

const SCRIPTED = `max_turns: 6
results:
  - { tool: lookup_order, input: { order_id: A-17 }, result: { status: delivered, total: 42 } }
  - { tool: refund, result: refunded }`;

/** The two-tool agent: look the order up, then refund it, then answer. */
const agent = (orderId = 'A-17') =>
  toolAgentResponder([
    { name: 'lookup_order', input: { order_id: orderId } },
    { name: 'refund', input: { order_id: orderId } },
  ]);

const only = (result: Awaited<ReturnType<typeof replay>>): SampleResult => result.suites[0]!.cases[0]!.samples[0]!;
const trajectory = (s: SampleResult) =>
  s.output!.steps!.map((st) => [st.toolCalls.map((c) => c.name), st.stopReason, st.toolResults?.map((r) => [r.content, r.isError])]);

describe('a tool-loop case', () => {
  it('runs a two-tool agent live, records every step, and replays the same trajectory and verdict offline', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED) });
    const recorded = await record(dir, sim.url);
    const live = only(recorded);
    expect(live.error).toBeUndefined();
    expect(live.status).toBe('passed');
    expect(trajectory(live)).toEqual([
      [['lookup_order'], 'tool_use', [['{"status":"delivered","total":42}', false]]],
      [['refund'], 'tool_use', [['refunded', false]]],
      [[], 'end_turn', undefined],
    ]);
    // The output is the last step's; the model saw both results.
    expect(live.output!.text).toBe('Done. lookup_order: {"status":"delivered","total":42}; refund: refunded');
    expect(live.output!.stopReason).toBe('end_turn');
    expect(live.calls.map((c) => path.basename(c.cassette!))).toEqual(['refund.json', 'refund.cont-1.json', 'refund.cont-2.json']);
    // Tokens are the trajectory's sums.
    const outputTokens = live.calls.reduce((n, c) => n + c.usage.output_tokens, 0);
    expect(live.assertions.find((a) => a.name === 'max_output_tokens')!.actual).toBe(`${outputTokens} tokens`);
    expect(validateResults(JSON.parse(JSON.stringify(recorded)))).toBe(true);
    // The third request holds the whole conversation: prompt, call, result, call, result.
    const third = JSON.parse(await readFile(path.join(dir, 'fixtures/s/refund.cont-2.json'), 'utf8')) as { request: Anthropic.MessageCreateParams };
    expect(third.request.messages.map((m) => [m.role, Array.isArray(m.content) ? m.content.map((b) => b.type) : 'text'])).toEqual([
      ['user', 'text'],
      ['assistant', ['tool_use']],
      ['user', ['tool_result']],
      ['assistant', ['tool_use']],
      ['user', ['tool_result']],
    ]);

    await sim.close();
    sim = undefined;
    const replayed = only(await replay(dir));
    expect(replayed.status).toBe('passed');
    expect(replayed.output).toEqual(live.output);
  });

  it('goes through pause_turn continuations in the same loop: one step count, one recording a step', async () => {
    // Every turn pauses once (a server tool's long loop) before the agent's own step.
    sim = await startSimulator({ responder: pausingResponder(1, agent()) });
    const withSearch = suite(SCRIPTED).replace('tools:\n', 'tools:\n  - { type: web_search_20250305, name: web_search, max_uses: 5 }\n');
    const dir = await tempProject({ 'suites/s.yaml': withSearch });
    const live = only(await record(dir, sim.url));
    expect(live.status).toBe('passed');
    expect(live.output!.steps!.map((st) => st.stopReason)).toEqual(['pause_turn', 'tool_use', 'pause_turn', 'tool_use', 'pause_turn', 'end_turn']);
    expect(live.calls.map((c) => path.basename(c.cassette!))).toEqual(['refund.json', ...[1, 2, 3, 4, 5].map((k) => `refund.cont-${k}.json`)]);
    await sim.close();
    sim = undefined;
    expect(only(await replay(dir)).output).toEqual(live.output);
  });

  it('streams each step when the case streams', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED).replace('max_tokens: 256', 'max_tokens: 256\nstream: true') });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('passed');
    expect(trajectory(sample).map((st) => st[1])).toEqual(['tool_use', 'tool_use', 'end_turn']);
    await sim.close();
    sim = undefined;
    expect(only(await replay(dir)).output).toEqual(sample.output);
  });

  it("runs under the suite's tool_loop: too; a case that calls no tool is one step", async () => {
    sim = await startSimulator({ responder: agent() });
    const atSuite = suite(SCRIPTED)
      .replace(/ {4}tool_loop:\n((?: {6}.*\n)+)/, '')
      .replace('cases:\n', `tool_loop:\n${SCRIPTED.replace(/^/gm, '  ')}\ncases:\n`);
    const dir = await tempProject({ 'suites/s.yaml': atSuite });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('passed');
    expect(sample.output!.steps).toHaveLength(3);
    await sim.close();
    sim = await startSimulator({ responder: toolAgentResponder([]) });
    const direct = only(await record(dir, sim.url, 'all'));
    expect(direct.output!.steps!.map((st) => st.stopReason)).toEqual(['end_turn']);
    expect(direct.output!.text).toBe('Done. No tools needed.');
  });

  it('fails naming an unmatched call and its input, and what the script has for that tool', async () => {
    sim = await startSimulator({ responder: agent('B-9') });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED) });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('failed');
    expect(sample.assertions).toEqual([
      expect.objectContaining({
        name: 'tool_loop',
        pass: false,
        reason:
          'step 1: lookup_order was called with {"order_id":"B-9"}, which no scripted result answers: the script has lookup_order only for {"order_id":"A-17"}; add a result, a handler or a default',
        line: 15,
      }),
    ]);
    expect(trajectory(sample)).toEqual([[['lookup_order'], 'tool_use', undefined]]);
    expect(sample.calls).toHaveLength(1);
  });

  it('answers an unmatched call with the default when one is given, an error default as is_error', async () => {
    sim = await startSimulator({ responder: agent('B-9') });
    const dir = await tempProject({ 'suites/s.yaml': suite(`${SCRIPTED}\ndefault: { error: no such order }`) });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('passed');
    expect(trajectory(sample)[0]).toEqual([['lookup_order'], 'tool_use', [['no such order', true]]]);
  });

  it('stops a loop that never ends at max_turns, failed, with the trajectory', async () => {
    sim = await startSimulator({ responder: toolAgentResponder(() => ({ name: 'lookup_order', input: { order_id: 'A-17' } })) });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED.replace('max_turns: 6', 'max_turns: 3')) });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('failed');
    expect(sample.assertions.map((a) => a.reason)).toEqual([
      'max_turns (3) reached with the model still calling tools (lookup_order); no final answer to judge',
    ]);
    expect(sample.calls).toHaveLength(3);
    expect(sample.output!.steps).toHaveLength(3);
    expect(sim.stats.requests).toBe(3);
  });

  it('a prompt edit makes step 1 stale; --record new re-records the trajectory from there', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED) });
    await record(dir, sim.url);
    await writeFile(path.join(dir, 'suites/s.yaml'), suite(SCRIPTED, 'Refund order A-17 please, it arrived broken'));
    const stale = only(await replay(dir));
    expect(stale.status).toBe('errored');
    expect(stale.error).toMatchObject({ type: 'stale_recording', message: expect.stringMatching(/^stale recording for s\/refund: /) });
    const again = only(await record(dir, sim.url));
    expect(again.status).toBe('passed');
    expect(again.calls.map((c) => c.cassette !== undefined)).toEqual([true, true, true]);
    expect(only(await replay(dir)).status).toBe('passed');
  });

  it('a changed scripted result makes the step that sent it stale, not the first', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED) });
    await record(dir, sim.url);
    await writeFile(path.join(dir, 'suites/s.yaml'), suite(SCRIPTED.replace('result: refunded', 'result: refund queued')));
    const stale = only(await replay(dir));
    expect(stale.error).toMatchObject({ type: 'stale_recording', message: expect.stringContaining('s/refund (continuation 2)') });
    expect(stale.error!.diff).toContain('refund queued');
  });
});

describe("a tool loop's scripted results", () => {
  it('name tools the request defines: a typo is a problem at its line', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED.replace('tool: refund,', 'tool: refnud,')) });
    const error = await loadSuites([path.join(dir, 'suites')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /s\.yaml:18:\d+: error: tool_loop\.results: 'refnud' is not a tool this suite defines \(did you mean 'refund'\?\)/,
    );
  });
});

describe("a tool loop's handlers, the app's own module", () => {
  const TOOLS_TS = `export const handlers = {
  lookup_order(input: { order_id: string }): { status: string; id: string } {
    return { status: 'delivered', id: input.order_id };
  },
  refund(): never {
    throw new Error('refunds are closed today');
  },
};
export const slow = { lookup_order: () => new Promise(() => {}) };
export const objectThrow = { lookup_order: () => { throw { code: 404, why: 'no such order' }; } };
export const partial = { lookup_order: () => 'found' };
`;
  const HANDLERS = (exp: string, extra = '') => `max_turns: 6\n${extra}handlers: { module: ../src/tools.ts, export: ${exp} }`;

  it('run live and in replay; a throwing handler is an is_error result the model sees', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(HANDLERS('handlers')), 'src/tools.ts': TOOLS_TS });
    const live = only(await record(dir, sim.url));
    expect(live.status).toBe('passed');
    expect(trajectory(live)).toEqual([
      [['lookup_order'], 'tool_use', [['{"status":"delivered","id":"A-17"}', false]]],
      [['refund'], 'tool_use', [['refunds are closed today', true]]],
      [[], 'end_turn', undefined],
    ]);
    expect(live.output!.text).toContain('refund error: refunds are closed today');
    await sim.close();
    sim = undefined;
    const replayed = only(await replay(dir));
    expect(replayed.status).toBe('passed');
    expect(replayed.output).toEqual(live.output);
  });

  it('a handler that does not answer in timeout_ms is an is_error result saying so', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({
      'suites/s.yaml': suite(HANDLERS('slow', 'timeout_ms: 50\n') + '\nresults:\n  - { tool: refund, result: ok }'),
      'src/tools.ts': TOOLS_TS,
    });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('passed');
    expect(trajectory(sample)[0]).toEqual([['lookup_order'], 'tool_use', [['lookup_order (../src/tools.ts#slow) did not answer within 50 ms', true]]]);
  });

  it('a handler that throws a value that is no Error sends the model that value, not "[object Object]"', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({
      'suites/s.yaml': suite(HANDLERS('objectThrow') + '\nresults:\n  - { tool: refund, result: ok }'),
      'src/tools.ts': TOOLS_TS,
    });
    const sample = only(await record(dir, sim.url));
    expect(trajectory(sample)[0]).toEqual([['lookup_order'], 'tool_use', [['{"code":404,"why":"no such order"}', true]]]);
  });

  it('a called tool with no handler fails the case naming it', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(HANDLERS('partial')), 'src/tools.ts': TOOLS_TS });
    const sample = only(await record(dir, sim.url));
    expect(sample.status).toBe('failed');
    expect(sample.assertions[0]!.reason).toBe(
      'step 2: refund was called with {"order_id":"A-17"}, and ../src/tools.ts#partial has no handler for refund; add one, a scripted result or a default',
    );
  });

  it('a handler for no tool of the request, or one that is no function, is a warning at handlers: (an app may share one map)', async () => {
    const tools = TOOLS_TS + `export const typo = { lookup_ordr: () => 'found', refund: 'ok' };\n`;
    const dir = await tempProject({ 'suites/s.yaml': suite(HANDLERS('typo')), 'src/tools.ts': tools });
    const [loaded] = await loadSuites([path.join(dir, 'suites')]);
    expect(loaded!.warnings?.map((w) => `${w.line}: ${w.message}`)).toEqual([
      "16: tool_loop.handlers: handler 'lookup_ordr' is not a tool this suite defines (did you mean 'lookup_order'?); it defines lookup_order, refund",
      "16: tool_loop.handlers: 'refund' is not a function, so it answers nothing",
    ]);
  });

  it('a timeout_ms past an hour is refused at its line: Node would cut a wait past 2^31 ms to 1 ms', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suite(HANDLERS('handlers', 'timeout_ms: 3000000000\n')), 'src/tools.ts': TOOLS_TS });
    const error = await loadSuites([path.join(dir, 'suites')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/s\.yaml:16:19: error: cases\[0\]\.tool_loop\.timeout_ms must be <= 3600000; got 3000000000$/);
  });

  it('a module or export that is not there is a problem at the suite line (exit 2)', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suite(HANDLERS('handlerz')), 'src/tools.ts': TOOLS_TS });
    const error = await loadSuites([path.join(dir, 'suites')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /s\.yaml:16:\d+: error: tool_loop\.handlers: \.\.\/src\/tools\.ts has no export 'handlerz' \(did you mean 'handlers'\?\)/,
    );
  });
});

describe("a tool loop in the suite's digest", () => {
  it('is digested as written: a changed scripted result changes it, a moved line does not', async () => {
    const digestOf = async (yaml: string) => suiteDigest((await loadSuites([path.join(await tempProject({ 'suites/s.yaml': yaml }), 'suites')]))[0]!);
    const base = await digestOf(suite(SCRIPTED));
    expect(await digestOf(suite(SCRIPTED.replace('result: refunded', 'result: queued')))).not.toBe(base);
    expect(await digestOf(`# a comment moves every line\n${suite(SCRIPTED)}`)).toBe(base);
  });
});

describe('the spend cap of a tool loop', () => {
  it('counts max_turns steps before the run: a cap one step can pay but the loop cannot refuses, nothing sent', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED.replace('max_turns: 6', 'max_turns: 3')) });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const counted = 100;
    const oneStep = worstCall(suites[0]!.cases[0]!.request, counted, false).usd;
    const sources = { countTokens: async () => counted };
    const cap = oneStep * 2;
    const refused = await checkSpendCap(suites, { maxCostUsd: cap }, sources).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toContain('exceeds maxCostUsd');
    // The same case as a single request fits under the same cap.
    const single = await tempProject({ 'suites/s.yaml': suite(SCRIPTED).replace(/ {4}tool_loop:\n( {6}.*\n)+/, '') });
    const plain = await loadSuites([path.join(single, 'suites')]);
    expect(plain[0]!.cases[0]!.toolLoop).toBeUndefined();
    await expect(checkSpendCap(plain, { maxCostUsd: cap }, sources)).resolves.toBeDefined();
  });
});

describe("the simulator's tool pairing (as the API checks it)", () => {
  it('refuses a tool_use with no tool_result after it, and a tool_result answering no call', async () => {
    sim = await startSimulator();
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.url, maxRetries: 0 });
    const call = { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'toolu_1', name: 'lookup_order', input: {} }] };
    const base = { model: 'claude-haiku-4-5', max_tokens: 64 };
    await expect(client.messages.create({ ...base, messages: [{ role: 'user', content: 'hi' }, call, { role: 'user', content: 'and?' }] })).rejects.toThrow(
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1',
    );
    await expect(
      client.messages.create({
        ...base,
        messages: [
          { role: 'user', content: 'hi' },
          call,
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: 'y' },
            ],
          },
        ],
      }),
    ).rejects.toThrow('messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_2');
  });
});

describe('a tool loop in batch mode', () => {
  it('runs step by step, each step in the batch after the one that answered the step before', async () => {
    sim = await startSimulator({ responder: agent() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED) });
    const result = await runBatchMode(dir, batchTransport(sim));
    const sample = only(result);
    expect(sample.status).toBe('passed');
    expect(createdBatches(sim).map((b) => b.map((r) => r.custom_id))).toEqual([['s__refund__r1'], ['s__refund__r1__c1'], ['s__refund__r1__c2']]);
    expect(sample.calls.map((c) => c.batch)).toEqual([true, true, true]);
    expect(sim.stats.byRoute['POST /v1/messages'] ?? 0).toBe(0);
  });
});

describe('a loop that never ends, under a spend cap', () => {
  const forever = () => toolAgentResponder(() => ({ name: 'lookup_order', input: { order_id: 'A-17' } }));

  it('runs to max_turns within a cap the pre-run estimate accepted, spending no more than it', async () => {
    sim = await startSimulator({ responder: forever() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED.replace('max_turns: 6', 'max_turns: 4')) });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    // One token a byte: an upper bound on any count, as the estimate's own fallback uses.
    const estimate = (await checkSpendCap(suites, { maxCostUsd: 1 }, { countTokens: async (params) => requestBytes(params) }))!;
    const cap = estimate.estimate.totalUsd;
    const checked = (await checkSpendCap(suites, { maxCostUsd: cap }, { countTokens: async (params) => requestBytes(params) }))!;
    const result = await record(dir, sim.url, 'all', { budget: checked.budget });
    const sample = only(result);
    expect(sample.status).toBe('failed');
    expect(sample.calls).toHaveLength(4);
    expect(result.stopped).toBeUndefined();
    const spent = sample.calls.reduce((usd, c) => usd + callCost(c.model, c.usage, { batch: false })!.total, 0);
    expect(spent).toBeLessThanOrEqual(cap);
  });

  it('each step reserves its own worst case when sent: a cap two steps fit stops the loop at the third, unsent', async () => {
    sim = await startSimulator({ responder: forever() });
    const dir = await tempProject({ 'suites/s.yaml': suite(SCRIPTED) });
    const [loaded] = await loadSuites([path.join(dir, 'suites')]);
    const step = uncountedWorstCall(loaded!.cases[0]!.request, false).usd;
    const result = await record(dir, sim.url, 'all', { budget: { maxCostUsd: step * 2.5, worstCaseUsd: () => 0 } });
    const sample = only(result);
    expect(sample.status).toBe('errored');
    expect(sample.error).toMatchObject({ type: 'budget', message: expect.stringMatching(/^not sent: /) });
    expect(result.stopped?.reason).toBe('budget');
    expect(sim.stats.requests).toBe(sample.calls.length);
    expect(sample.calls.length).toBeLessThan(6);
  });
});
