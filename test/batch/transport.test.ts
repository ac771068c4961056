import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { CallError, type Call, type CallResponse } from '../../src/transport/types.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../support/sim/index.ts';
import { KEY, batchTransport, createdBatches } from './batch-project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator(options);
  return sim;
}

const call = (caseId: string, text = caseId): Call => ({
  suite: 's',
  suiteFile: 'suites/s.yaml',
  caseId,
  repeat: 1,
  role: 'case',
  index: 0,
  stream: false,
  params: { model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: text }] },
});

/** Settles to the response, or to the CallError's info, so tests can compare outcomes. */
const outcome = (p: Promise<CallResponse>) =>
  p.then(
    (r) => r.message.content,
    (e: unknown) => (e instanceof CallError ? e.info : e),
  );

describe('BatchTransport', () => {
  it('drops a queued call whose signal aborts, and sends the others', async () => {
    const s = await start();
    const t = batchTransport(s);
    const keep = new AbortController();
    const drop = new AbortController();
    const a = outcome(t.send(call('a'), keep.signal));
    const b = outcome(t.send(call('b'), drop.signal));
    const c = outcome(t.send(call('c'), keep.signal));
    drop.abort();

    expect(await b).toEqual({ type: 'aborted', message: 'request aborted' });
    expect(await a).toEqual([{ type: 'text', text: 'Echo: a', citations: null }]);
    expect(await c).toEqual([{ type: 'text', text: 'Echo: c', citations: null }]);
    expect(createdBatches(s).map((r) => r.map((e) => e.custom_id))).toEqual([['s__a__r1', 's__c__r1']]);
    await t.close();
  });

  it('cancels a sent batch once every call in it is aborted', async () => {
    const s = await start({ batchDelayMs: 60_000 });
    const t = batchTransport(s);
    const stop = new AbortController();
    const sent = [t.send(call('a'), stop.signal), t.send(call('b'), stop.signal)].map(outcome);
    await until(() => s.stats.batchesCreated === 1);
    stop.abort();

    expect(await Promise.all(sent)).toEqual([
      { type: 'aborted', message: 'request aborted' },
      { type: 'aborted', message: 'request aborted' },
    ]);
    await t.close();
    expect(s.stats.byRoute['POST /v1/messages/batches/:id/cancel']).toBe(1);
  });

  it('close() cancels batches still running and fails their calls', async () => {
    const s = await start({ batchDelayMs: 60_000 });
    const t = batchTransport(s);
    const pending = outcome(t.send(call('a'), new AbortController().signal));
    await until(() => s.stats.batchesCreated === 1);
    await t.close();

    expect(await pending).toMatchObject({ type: 'aborted' });
    const [batch] = (await new Anthropic({ apiKey: KEY, baseURL: s.url }).messages.batches.list()).data;
    expect(batch!.processing_status).toBe('ended');
    expect(batch!.request_counts.canceled).toBe(1);
    expect(await outcome(t.send(call('late'), new AbortController().signal))).toMatchObject({ type: 'closed' });
  });

  it('refuses a request larger than a batch may hold, without holding up the others', async () => {
    const s = await start();
    const t = batchTransport(s, { maxBatchBytes: 400 });
    const signal = new AbortController().signal;
    const big = outcome(t.send(call('big', 'x'.repeat(500)), signal));
    const small = outcome(t.send(call('small'), signal));

    expect(await big).toMatchObject({ type: 'request_too_large', message: expect.stringContaining('--live') });
    expect(await small).toEqual([{ type: 'text', text: 'Echo: small', citations: null }]);
    await t.close();
  });

  it('fails every call of a batch the API refuses to create, with the API error', async () => {
    const s = await start({ apiKey: 'sk-ant-fake03-the-right-key-0000000000' });
    const t = batchTransport(s);
    const signal = new AbortController().signal;
    const both = await Promise.all([t.send(call('a'), signal), t.send(call('b'), signal)].map(outcome));

    for (const info of both) expect(info).toMatchObject({ type: 'authentication_error', status: 401 });
    expect(JSON.stringify(both)).not.toContain('test-secret');
    await t.close();
  });

  it('sends a steady trickle of calls before the quiet period ever comes', async () => {
    const s = await start();
    // Quiet period 30 ms, so at most 600 ms of waiting; calls come every 10 ms until a batch is
    // created, so the quiet period never comes (3,000 calls outlast the test's timeout, which decides).
    const t = batchTransport(s);
    const signal = new AbortController().signal;
    const sent: Promise<unknown>[] = [];
    while (s.stats.batchesCreated === 0 && sent.length < 3_000) {
      sent.push(outcome(t.send(call(`c${sent.length}`), signal)));
      await new Promise((done) => setTimeout(done, 10));
    }
    expect(s.stats.batchesCreated).toBeGreaterThan(0);
    // What came within the 600 ms: ~60 at one call per 10 ms (a few more where timers round), fewer on a busy machine.
    expect(createdBatches(s)[0]!.length).toBeLessThanOrEqual(70);
    await Promise.all(sent);
    await t.close();
  });
});

/** Waits for something the simulator will see shortly, however long a busy machine takes: past the test's timeout, so that decides. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 3_000 && !check(); i++) await new Promise((done) => setTimeout(done, 10));
  expect(check()).toBe(true);
}
