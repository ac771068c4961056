/**
 * The floor under a replay: N calls through replay's own SDK client (src/transport/replay.ts),
 * answered by one msw handler, with nothing else (no suite, cassette files, assertions or
 * reports). Warm, at replay's concurrency. Whatever a replay of N cases costs on top of start-up
 * and loading, it costs at least this while every call goes through the SDK and msw. The second
 * line is the SDK alone, answered by its fetch, for what msw adds.
 * Run: node bench/sdk-floor.ts [N]   (default 10000)
 */
import Anthropic from '@anthropic-ai/sdk';
import { http, HttpResponse } from 'msw';
import pLimit from 'p-limit';
import { DEFAULT_CONCURRENCY } from '../src/build-run.ts';
import { replayClient } from '../src/transport/replay.ts';

const n = Number(process.argv[2] ?? 10_000);
const message = {
  id: 'msg_floor', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001',
  content: [{ type: 'text', text: 'Category: billing.' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 40, output_tokens: 9 },
};
const body = JSON.stringify(message);

/** n calls of `client` at replay's concurrency, after a warm-up. */
async function time(what: string, client: Anthropic): Promise<void> {
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

await time("answered by msw (replay's client)", replayClient([http.post('*/v1/messages', () => HttpResponse.json(message))]));
await time('answered by fetch itself (the SDK alone)', new Anthropic({
  apiKey: 'floor-needs-no-key',
  baseURL: 'http://replay.promptgate.invalid',
  maxRetries: 0,
  openTelemetry: false,
  fetch: async () => new Response(body, { headers: { 'content-type': 'application/json' } }),
}));
