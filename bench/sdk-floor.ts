/**
 * The floor under a replay: N calls of the real SDK answered by an msw handler through getResponse,
 * as src/transport/replay.ts serves cassettes, with nothing else (no suite, cassette files,
 * assertions or reports). Warm, at replay's concurrency. Whatever a replay of N cases costs on top
 * of start-up and loading, it costs at least this while every call goes through the SDK and msw;
 * the second line is the SDK alone, answered by its fetch, for what msw adds.
 * Run: node bench/sdk-floor.ts [N]   (default 10000)
 */
import Anthropic from '@anthropic-ai/sdk';
import { getResponse, http, HttpResponse } from 'msw';
import pLimit from 'p-limit';
import { DEFAULT_CONCURRENCY } from '../src/build-run.ts';

const n = Number(process.argv[2] ?? 10_000);
const message = {
  id: 'msg_floor', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001',
  content: [{ type: 'text', text: 'Category: billing.' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 40, output_tokens: 9 },
};
const handlers = [http.post('*/v1/messages', () => HttpResponse.json(message))];
const body = JSON.stringify(message);

/** The real SDK over `fetch`, n calls at replay's concurrency, warm. */
async function time(what: string, fetch: NonNullable<ConstructorParameters<typeof Anthropic>[0]>['fetch']): Promise<void> {
  const client = new Anthropic({ apiKey: 'floor-needs-no-key', baseURL: 'http://replay.promptgate.invalid', maxRetries: 0, fetch });
  const call = () => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Classify ticket 1: my invoice shows the wrong amount' }] });
  for (let i = 0; i < 200; i++) await call();
  const limit = pLimit(DEFAULT_CONCURRENCY.replay);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => limit(call)));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(`${n} SDK calls ${what}: ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${((seconds / n) * 1e6).toFixed(0)} µs a call`);
}

await time('answered by msw (as replay serves them)', async (input, init) => (await getResponse(handlers, new Request(input, { ...init, signal: null })))!);
await time('answered by fetch itself (no msw: the SDK alone)', async () => new Response(body, { headers: { 'content-type': 'application/json' } }));
