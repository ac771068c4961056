import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { totals, type RunResult } from '../../src/run-result.ts';
import { batchProgressLine } from '../../src/transport/batch-progress.ts';
import { CUSTOM_ID } from '../../src/transport/batch-custom-id.ts';
import { defaultResponder, pausingResponder, startSimulator, type Simulator, type SimulatorOptions } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { KEY, batchTransport, createdBatches, echoCases, runBatchMode } from './batch-project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator(options);
  return sim;
}

const suite = (cases: string, head = '') => `name: batchy\nmodel: claude-haiku-4-5\nmax_tokens: 100\n${head}cases:\n${cases}`;

function byCase(result: RunResult) {
  return Object.fromEntries(result.suites.flatMap((s) => s.cases.map((c) => [c.id, c])));
}

const messagePosts = (s: Simulator) => s.stats.byRoute['POST /v1/messages'] ?? 0;

describe('run --batch', () => {
  it('answers every case, repeat and streamed case from one batch, and reports progress', async () => {
    const s = await start();
    const dir = await tempProject({
      'suites/a.yaml': suite(
        `${echoCases(2)}  - id: streamed\n    stream: true\n    prompt: "stream me"\n    assert: [{ contains: "stream me" }]\n  - id: twice\n    repeat: 2\n    prompt: "twice"\n    assert: [{ contains: "twice" }]\n`,
      ),
    });
    const progress: Anthropic.Messages.MessageBatch[] = [];
    const result = await runBatchMode(dir, batchTransport(s, { onProgress: (b) => progress.push(b) }));

    expect(totals(result)).toMatchObject({ cases: 4, passed: 4, failed: 0, errored: 0 });
    expect(result.mode).toBe('batch');
    expect(s.stats.batchesCreated).toBe(1);
    expect(messagePosts(s)).toBe(0);
    const [requests] = createdBatches(s);
    expect(requests!.map((r) => r.custom_id).sort()).toEqual([
      'batchy__c1__r1',
      'batchy__c2__r1',
      'batchy__streamed__r1',
      'batchy__twice__r1',
      'batchy__twice__r2',
    ]);
    // Batches do not stream: the streamed case goes as a plain request.
    expect(requests!.every((r) => !('stream' in r.params))).toBe(true);

    const batchId = progress[0]!.id;
    const calls = result.suites[0]!.cases.flatMap((c) => c.samples.flatMap((x) => x.calls));
    expect(calls).toHaveLength(5);
    expect(calls.every((c) => c.batch && c.requestId === batchId)).toBe(true);
    expect(progress.at(-1)!.processing_status).toBe('ended');
    expect(batchProgressLine(progress.at(-1)!)).toBe(`batch ${batchId} ended: 5/5 done`);
  });

  it('polls a short batch after a second, not after the whole poll interval', { timeout: 15_000 }, async () => {
    const s = await start({ batchDelayMs: 50 });
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(2)) });
    const result = await runBatchMode(dir, batchTransport(s, { pollIntervalMs: 60_000 }));
    expect(totals(result)).toMatchObject({ cases: 2, passed: 2 });
    // One poll, then the results from the results_url it gave (no second read of the batch); the run ends ~1 s in.
    const read = expect.stringMatching(/^GET \/v1\/messages\/batches\/\w+$/);
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/messages/batches', read, expect.stringMatching(/^GET .*\/results$/)]);
  });

  it('doubles the wait between polls: a batch that ends after 2.5 s is polled at 1 s and 3 s', { timeout: 15_000 }, async () => {
    const s = await start({ batchDelayMs: 2_500 });
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(1)) });
    const progress: string[] = [];
    await runBatchMode(dir, batchTransport(s, { pollIntervalMs: 60_000, onProgress: (b) => progress.push(b.processing_status) }));
    expect(progress).toEqual(['in_progress', 'ended']);
    // The polls at 1 s (in progress) and 3 s (ended); the results come from the results_url the last one gave.
    expect(s.requests.filter((r) => r.method === 'GET' && !r.path.endsWith('/results'))).toHaveLength(2);
  });

  it('runs a models: matrix as one batch: each (case, model) its own entry and result', async () => {
    const s = await start();
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(2), 'models: [claude-haiku-4-5, claude-opus-4-5]\n') });
    const result = await runBatchMode(dir, batchTransport(s));
    expect(totals(result)).toMatchObject({ cases: 4, passed: 4 });
    expect(result.suites[0]!.cases.map((c) => `${c.id} ${c.model}`).sort()).toEqual([
      'c1 claude-haiku-4-5',
      'c1 claude-opus-4-5',
      'c2 claude-haiku-4-5',
      'c2 claude-opus-4-5',
    ]);
    const [requests] = createdBatches(s);
    expect(requests).toHaveLength(4);
    expect(new Set(requests!.map((r) => r.custom_id)).size).toBe(4);
    expect(requests!.filter((r) => r.params.model === 'claude-opus-4-5')).toHaveLength(2);
  });

  it('splits a suite with more cases than maxBatchRequests into several batches', async () => {
    const s = await start();
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(7)) });
    const result = await runBatchMode(dir, batchTransport(s, { maxBatchRequests: 3 }));

    expect(totals(result)).toMatchObject({ passed: 7, errored: 0 });
    const sizes = createdBatches(s).map((r) => r.length);
    expect(sizes.sort((a, b) => a - b)).toEqual([1, 3, 3]);
    const ids = createdBatches(s)
      .flat()
      .map((r) => r.custom_id);
    expect(new Set(ids).size).toBe(7);
  });

  it('splits by bytes past maxBatchBytes', async () => {
    const s = await start();
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(6)) });
    const result = await runBatchMode(dir, batchTransport(s, { maxBatchBytes: 600 }));

    expect(totals(result)).toMatchObject({ passed: 6, errored: 0 });
    const batches = createdBatches(s);
    expect(batches.length).toBeGreaterThan(1);
    for (const requests of batches) expect(Buffer.byteLength(JSON.stringify({ requests }))).toBeLessThanOrEqual(600);
  });

  it('ends errored, expired and canceled entries as errored cases with their types; the rest pass', async () => {
    const outcome = (_id: string, params: Anthropic.MessageCreateParamsNonStreaming) => {
      const text = JSON.stringify(params.messages);
      return text.includes('BAD') ? 'errored' : text.includes('OLD') ? 'expired' : text.includes('GONE') ? 'canceled' : 'succeeded';
    };
    const s = await start({ batchOutcome: outcome });
    const dir = await tempProject({
      'suites/a.yaml': suite(
        `${echoCases(2)}  - id: bad\n    prompt: "BAD"\n    assert: [{ contains: "BAD" }]\n  - id: old\n    prompt: "OLD"\n    assert: [{ contains: "OLD" }]\n  - id: gone\n    prompt: "GONE"\n    assert: [{ contains: "GONE" }]\n`,
      ),
    });
    const result = await runBatchMode(dir, batchTransport(s));

    expect(totals(result)).toMatchObject({ cases: 5, passed: 2, failed: 0, errored: 3 });
    const cases = byCase(result);
    expect(cases.bad!.samples[0]!.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('Simulated error for batchy__bad__r1'),
    });
    expect(cases.old!.samples[0]!.error).toMatchObject({ type: 'batch_expired', message: expect.stringContaining('expired') });
    expect(cases.gone!.samples[0]!.error).toMatchObject({ type: 'batch_canceled' });
    expect(cases.c1!.status).toBe('passed');
  });

  it('marks every call as batch, so it costs half the list price', async () => {
    const s = await start();
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(2)) });
    const result = await runBatchMode(dir, batchTransport(s));

    for (const c of result.suites[0]!.cases) {
      const call = c.samples[0]!.calls[0]!;
      expect(call.batch).toBe(true);
      const charged = callCost(call.model, call.usage, { batch: call.batch })!;
      const list = callCost(call.model, call.usage, { batch: false })!;
      expect(list.total).toBeGreaterThan(0);
      expect(charged.total).toBeCloseTo(list.total / 2, 12);
      expect(charged.batchDiscount).toBeCloseTo(list.total / 2, 12);
    }
  });

  it('sends rubric grader calls through a second batch, after the case answers', async () => {
    const responder: SimulatorOptions['responder'] = (r) =>
      r.tools?.some((t) => 'name' in t && t.name === 'grade')
        ? { content: [{ type: 'tool_use', name: 'grade', input: { pass: true, score: 0.9, reason: 'It echoes.' } }] }
        : defaultResponder(r);
    const s = await start({ responder });
    const dir = await tempProject({
      'suites/a.yaml': suite(
        `  - id: graded\n    prompt: "grade me"\n    assert: [{ rubric: "Echoes the prompt" }]\n  - id: graded-twice\n    repeat: 2\n    prompt: "grade us"\n    assert: [{ rubric: "Echoes the prompt" }]\n  - id: plain\n    prompt: "no grader"\n    assert: [{ contains: "no grader" }]\n`,
        'grader: { model: claude-haiku-4-5 }\n',
      ),
    });
    const result = await runBatchMode(dir, batchTransport(s));

    expect(totals(result)).toMatchObject({ passed: 3, errored: 0, failed: 0 });
    const [cases, graders, more] = createdBatches(s);
    expect(more).toBeUndefined();
    expect(cases!.map((r) => r.custom_id).sort()).toEqual(['batchy__graded-twice__r1', 'batchy__graded-twice__r2', 'batchy__graded__r1', 'batchy__plain__r1']);
    expect(graders!.map((r) => r.custom_id).sort()).toEqual(['batchy__graded-twice__r1__g1', 'batchy__graded-twice__r2__g1', 'batchy__graded__r1__g1']);
    expect(graders!.every((r) => r.params.tool_choice?.type === 'tool')).toBe(true);
    const graded = byCase(result).graded!.samples[0]!;
    expect(graded.calls.map((c) => [c.role, c.batch])).toEqual([
      ['case', true],
      ['grader', true],
    ]);
    expect(graded.assertions[0]!.reason).toContain('It echoes.');
  });

  it('continues a paused turn in the batches that follow, one continuation per batch, each at the batch price', async () => {
    const s = await start({ responder: pausingResponder(2) });
    const dir = await tempProject({
      'suites/a.yaml': suite(
        `  - id: searching\n    prompt: "search the tides"\n    assert: [{ tool_called: web_search }, { contains: "Echo: search the tides" }]\n`,
        'tools: [{ type: web_search_20250305, name: web_search }]\n',
      ),
    });
    const result = await runBatchMode(dir, batchTransport(s));

    expect(totals(result)).toMatchObject({ passed: 1, errored: 0 });
    expect(createdBatches(s).map((b) => b.map((r) => r.custom_id))).toEqual([
      ['batchy__searching__r1'],
      ['batchy__searching__r1__c1'],
      ['batchy__searching__r1__c2'],
    ]);
    expect(byCase(result).searching!.samples[0]!.calls.map((c) => [c.role, c.batch])).toEqual([
      ['case', true],
      ['case', true],
      ['case', true],
    ]);
    expect(messagePosts(s)).toBe(0);
  });

  it('cancels a batch that outlives the deadline and errors its cases cleanly', async () => {
    const s = await start({ batchDelayMs: 60_000 });
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(3)) });
    const result = await runBatchMode(dir, batchTransport(s, { deadlineMs: 150 }));

    expect(totals(result)).toMatchObject({ cases: 3, passed: 0, errored: 3 });
    for (const c of result.suites[0]!.cases) {
      expect(c.samples[0]!.error).toMatchObject({
        type: 'deadline',
        message: expect.stringMatching(/had not ended after 150 ms .*canceled with 0 of 3 requests done/),
      });
    }
    expect(s.stats.byRoute['POST /v1/messages/batches/:id/cancel']).toBe(1);
    const client = new Anthropic({ apiKey: KEY, baseURL: s.url });
    const [batch] = (await client.messages.batches.list()).data;
    expect(batch!.cancel_initiated_at).not.toBeNull();
    expect(batch!.request_counts.canceled).toBe(3);
  });

  it('maps results back by custom_id when the results file comes in another order', async () => {
    const s = await start();
    let reversed = 0;
    const shuffling: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).endsWith('/results')) return response;
      reversed++;
      const lines = (await response.text()).split('\n').filter(Boolean).reverse();
      return new Response(lines.join('\n') + '\n', { status: response.status, headers: response.headers });
    };
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(5)) });
    const result = await runBatchMode(dir, batchTransport(s, { fetch: shuffling }));

    expect(reversed).toBe(1);
    expect(totals(result)).toMatchObject({ passed: 5 });
    for (const c of result.suites[0]!.cases) expect(c.samples[0]!.output!.text).toBe(`Echo: case number ${c.id.slice(1)}`);
  });

  it('keeps custom_ids within the API rules for long and odd suite and case ids', async () => {
    const s = await start();
    const long = 'x'.repeat(80);
    const dir = await tempProject({
      'suites/a.yaml': `name: support.triage.v2\nmodel: claude-haiku-4-5\nmax_tokens: 50\ncases:\n  - id: ${long}\n    prompt: "one"\n    assert: [{ contains: "one" }]\n  - id: with.dot\n    prompt: "two"\n    assert: [{ contains: "two" }]\n  - id: with-dot\n    prompt: "three"\n    assert: [{ contains: "three" }]\n`,
    });
    const result = await runBatchMode(dir, batchTransport(s));

    expect(totals(result)).toMatchObject({ passed: 3 });
    const ids = createdBatches(s)
      .flat()
      .map((r) => r.custom_id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(CUSTOM_ID);
  });

  it('an interrupted run cancels its batch and reports its calls as sent, outcome unknown, at the batch worst case', async () => {
    const s = await start({ batchDelayMs: 60_000 });
    const dir = await tempProject({ 'suites/a.yaml': suite(echoCases(2)) });
    const interrupt = new AbortController();
    const running = runBatchMode(dir, batchTransport(s, { onProgress: () => interrupt.abort({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' }) }), {
      signal: interrupt.signal,
    });
    const result = await running;

    expect(result.stopped).toEqual({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' });
    // A canceled batch bills the entries it finished, and which those are is unknown: each counts at its worst case.
    expect(result.suites[0]!.cases.map((c) => c.status)).toEqual(['errored', 'errored']);
    for (const c of result.suites[0]!.cases) {
      expect(c.samples[0]!.error).toMatchObject({ type: 'interrupted', message: expect.stringMatching(/^sent, outcome unknown: /) });
      expect(c.samples[0]!.calls).toMatchObject([{ outcome: 'unknown', batch: true, usage: { output_tokens: 100 } }]);
    }
    expect(s.stats.byRoute['POST /v1/messages/batches/:id/cancel']).toBe(1);
  });
});
