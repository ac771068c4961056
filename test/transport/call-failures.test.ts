/**
 * A call's failure (the API's answer, the SDK's error, a dropped connection, an abort) errors its
 * sample; anything else is a bug and must crash with its own error, never pass for the API's fault.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { totals } from '../../src/run-result.ts';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { CallError, type Call, type CallResponse, type Transport } from '../../src/transport/types.ts';
import { batchTransport } from '../batch/batch-project.ts';
import { KEY, QUICK_RETRY, runLive, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const call = (params: Partial<Call['params']> = {}): Call => ({
  suite: 's',
  suiteFile: 'suites/s.yaml',
  caseId: 'c',
  repeat: 1,
  role: 'case',
  index: 0,
  stream: false,
  params: { model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }], ...params },
});

describe('errors that are not the API’s', () => {
  it('params the SDK cannot serialize (a caller’s bug) reject with that TypeError: not a CallError, so never retried, and nothing is sent', async () => {
    sim = await startSimulator();
    const live = new LiveTransport({ apiKey: KEY, baseURL: sim.url });
    const unserializable = call({ metadata: { user_id: 1n as unknown as string } });
    const error = await live.send(unserializable, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(CallError);
    expect((error as Error).message).toMatch(/BigInt/);
    expect(sim.stats.requests).toBe(0);
  });

  it('a bug in a transport crashes the run with its own error instead of erroring every sample as stream_error', async () => {
    sim = await startSimulator({ responder: () => ({ content: [{ type: 'tool_use', name: 'classify_ticket', input: {} }] }) });
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
    const live = new LiveTransport({ apiKey: KEY, baseURL: sim.url });
    // A user's transport that logs each answer's text, and forgets that an answer can be a tool call alone.
    const logging: Transport = {
      mode: 'live',
      async send(c: Call, signal: AbortSignal): Promise<CallResponse> {
        const answer = await live.send(c, signal);
        const [first] = answer.message.content as { text?: string }[];
        void first!.text!.trim();
        return answer;
      },
    };
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const run = runSuites(suites, { transport: logging, concurrency: 1, toolVersion: 'test', retry: QUICK_RETRY });
    await expect(run).rejects.toThrow(TypeError);
    await expect(run).rejects.toThrow(/reading 'trim'/);
    expect(sim.stats.requests).toBe(1); // a bug is not retried
  });

  it('a batch whose progress callback throws fails its calls with that error, not as batch_error', async () => {
    sim = await startSimulator();
    const t = batchTransport(sim, {
      onProgress: () => {
        throw new RangeError('progress sink broke');
      },
    });
    const error = await t.send(call(), new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('progress sink broke');
    await t.close();
  });
});

describe('failures that are the connection’s', () => {
  it('a non-streamed answer cut mid-body (fetch’s TypeError: terminated) is a connection_error, retried like a reset', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 2 }) });
    const cut = new Set<string>();
    sim = await startSimulator({
      faults: (_n, r) => {
        const key = JSON.stringify(r.messages);
        if (key.includes('case-2')) return 'truncated-stream'; // every time
        if (cut.has(key)) return undefined;
        cut.add(key);
        return 'truncated-stream'; // the first time only
      },
    });
    const result = await runLive(dir, sim.url, { retry: { ...QUICK_RETRY, maxAttempts: 3 } });
    expect(totals(result)).toMatchObject({ passed: 1, errored: 1 });
    const [c1, c2] = result.suites[0]!.cases;
    expect(sim.stats.promptAttempts['case-1']).toBe(2);
    expect(c1!.status).toBe('passed');
    expect(c2!.samples[0]!.error).toMatchObject({ type: 'connection_error', message: 'terminated: other side closed (gave up after 3 attempts)' });
  });
});
