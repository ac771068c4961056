import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type BatchOutcome, type Simulator } from '../support/sim/index.ts';

const KEY = 'sk-ant-test-key';
const T0 = Date.parse('2030-01-01T00:00:00Z');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const client = (s: Simulator) => new Anthropic({ apiKey: KEY, baseURL: s.url, maxRetries: 0 });
const entry = (custom_id: string, content: string) => ({
  custom_id,
  params: { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content }] },
});

async function collect(c: Anthropic, id: string) {
  const lines: Anthropic.Messages.MessageBatchIndividualResponse[] = [];
  for await (const line of await c.messages.batches.results(id)) lines.push(line);
  return lines;
}

describe('Message Batches', () => {
  it("takes a create request over the Messages API's 32 MB, up to the Batch API's own 256 MB", async () => {
    sim = await startSimulator();
    const c = client(sim);
    // 40 MB in two requests: a batch create may be this big, a message may not.
    const half = 'x'.repeat(20 * 1024 * 1024);
    const created = await c.messages.batches.create({ requests: [entry('a', half), entry('b', half)] });
    expect(created.request_counts.processing).toBe(2);
    const refused = await c.messages.create({ ...entry('c', half + half).params }).catch((e: unknown) => e as APIError);
    expect(refused).toMatchObject({ status: 413, type: 'request_too_large' });
  });

  it('create -> in_progress, ended after the delay, results per custom_id outcome', async () => {
    let now = T0;
    const outcomes: Record<string, BatchOutcome> = { 'case-ok': 'succeeded', 'case-bad': 'errored', 'case-old': 'expired' };
    sim = await startSimulator({ now: () => now, batchDelayMs: 60_000, batchOutcome: (id) => outcomes[id]! });
    const c = client(sim);

    const created = await c.messages.batches.create({
      requests: [entry('case-ok', 'first'), entry('case-bad', 'second'), entry('case-old', 'third')],
    });
    expect(created).toEqual({
      id: 'msgbatch_sim000001',
      type: 'message_batch',
      processing_status: 'in_progress',
      request_counts: { processing: 3, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      created_at: '2030-01-01T00:00:00.000Z',
      expires_at: '2030-01-02T00:00:00.000Z',
      ended_at: null,
      cancel_initiated_at: null,
      archived_at: null,
      results_url: null,
    });

    now += 59_999;
    expect((await c.messages.batches.retrieve(created.id)).processing_status).toBe('in_progress');
    await expect(c.messages.batches.results(created.id)).rejects.toThrow(
      'No batch `results_url`; Has it finished processing? in_progress - msgbatch_sim000001',
    );

    now += 1;
    const ended = await c.messages.batches.retrieve(created.id);
    expect(ended.processing_status).toBe('ended');
    expect(ended.ended_at).toBe('2030-01-01T00:01:00.000Z');
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 1 });
    expect(ended.results_url).toBe(`${sim.url}/v1/messages/batches/msgbatch_sim000001/results`);

    const lines = await collect(c, created.id);
    expect(lines.map((l) => [l.custom_id, l.result.type])).toEqual([
      ['case-ok', 'succeeded'],
      ['case-bad', 'errored'],
      ['case-old', 'expired'],
    ]);
    const ok = lines[0]!.result as Anthropic.Messages.MessageBatchSucceededResult;
    expect(ok.message.content).toEqual([{ type: 'text', text: 'Echo: first', citations: null }]);
    expect(ok.message.usage.service_tier).toBe('batch');
    expect(lines[1]!.result).toEqual({
      type: 'errored',
      error: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'Simulated error for case-bad.' },
        request_id: null,
      },
    });
    // A second download is the same file, message ids included.
    expect(await collect(c, created.id)).toEqual(lines);
  });

  it('refuses duplicate custom_ids with invalid_request_error', async () => {
    sim = await startSimulator();
    const error = await client(sim)
      .messages.batches.create({ requests: [entry('a', 'x'), entry('b', 'y'), entry('a', 'z')] })
      .then(
        () => undefined,
        (e: APIError) => e,
      );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error!.apiMessage).toBe("requests.2.custom_id: duplicate custom_id 'a' (first at requests.0)");
    expect(sim.stats.batchesCreated).toBe(0);
  });

  it('cancel before the end: canceling, then ended with every entry canceled', async () => {
    const now = T0;
    sim = await startSimulator({ now: () => now, batchDelayMs: 1000 });
    const c = client(sim);
    const { id } = await c.messages.batches.create({ requests: [entry('a', 'x'), entry('b', 'y')] });
    const canceling = await c.messages.batches.cancel(id);
    expect([canceling.processing_status, canceling.cancel_initiated_at]).toEqual(['canceling', '2030-01-01T00:00:00.000Z']);
    const ended = await c.messages.batches.retrieve(id);
    expect(ended.processing_status).toBe('ended');
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 0, errored: 0, canceled: 2, expired: 0 });
    expect((await collect(c, id)).map((l) => l.result)).toEqual([{ type: 'canceled' }, { type: 'canceled' }]);
  });

  it('lists batches newest first and 404s an unknown id', async () => {
    sim = await startSimulator();
    const c = client(sim);
    await c.messages.batches.create({ requests: [entry('a', 'x')] });
    await c.messages.batches.create({ requests: [entry('a', 'x')] });
    const ids: string[] = [];
    for await (const batch of c.messages.batches.list()) ids.push(batch.id);
    expect(ids).toEqual(['msgbatch_sim000002', 'msgbatch_sim000001']);
    const missing = await c.messages.batches.retrieve('msgbatch_nope').then(
      () => undefined,
      (e: APIError) => e,
    );
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect(sim.stats.byRoute).toEqual({
      'POST /v1/messages/batches': 2,
      'GET /v1/messages/batches': 1,
      'GET /v1/messages/batches/:id': 1,
    });
  });
});
