/**
 * The floor under a replay: N calls of replay's own call (ReplayTransport.serve: the SDK client it
 * calls through, answered by its msw handler from a cassette in memory), cold, at replay's
 * concurrency, with nothing else (no suite, cassette files, keys, assertions or reports). However a
 * replay of N cases is built, it costs at least this process while every call goes through the SDK
 * and msw. bench/all.ts times this whole process beside a replay of N cases and prints the difference.
 * The last line is the SDK alone, answered by its fetch, for what msw adds (warm).
 * Run: node bench/sdk-floor.ts [N]   (default 10000). Timed as a whole process, it needs Node's compile
 * cache on from its start (NODE_COMPILE_CACHE, as bench/all.ts sets it), as the CLI's bin has it.
 */
import Anthropic from '@anthropic-ai/sdk';
import pLimit from 'p-limit';
import { DEFAULT_CONCURRENCY } from '../src/build-run.ts';
import { CASSETTE_VERSION, type Cassette } from '../src/cassette/cassette.ts';
import { ReplayTransport } from '../src/transport/replay.ts';
import type { Call } from '../src/transport/types.ts';
import { benchMessage } from './project.ts';

const n = Number(process.argv[2] ?? 10_000);
const message = benchMessage('msg_floor', 'Category: billing.');
const params = {
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  system: 'You route tickets.',
  messages: [{ role: 'user' as const, content: 'Classify ticket 1: my invoice shows the wrong amount' }],
};

/** n runs of `call` at replay's concurrency; cold unless warmed. */
async function time(what: string, call: (i: number) => Promise<unknown>, warm = 0): Promise<void> {
  for (let i = 0; i < warm; i++) await call(i);
  const limit = pLimit(DEFAULT_CONCURRENCY.replay);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => limit(() => call(i))));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `${n} calls ${what}: ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${((seconds / n) * 1e6).toFixed(0)} µs a call`,
  );
}

const replay = new ReplayTransport('fixtures');
const signal = new AbortController().signal;
const cassette: Cassette = {
  promptgate_cassette: CASSETTE_VERSION,
  key: 'floor',
  call: 'bench/floor',
  recorded_at: '2026-11-01T00:00:00.000Z',
  request: params,
  response: { message },
  latency_ms: 420,
};
await time("of replay's own call (ReplayTransport.serve, cold)", (i) => {
  const call: Call = { suite: 'bench', suiteFile: 'bench.yaml', caseId: `case-${i}`, repeat: 1, role: 'case', index: 0, params, stream: false };
  return replay.serve(call, `fixtures/bench/case-${i}.json`, cassette, signal);
});
console.log(`floor process so far: ${(performance.now() / 1000).toFixed(2)} s since Node started`);

const body = JSON.stringify(message);
const bare = new Anthropic({
  apiKey: 'floor-needs-no-key',
  baseURL: 'http://replay.promptgate.invalid',
  maxRetries: 0,
  openTelemetry: false,
  fetch: async () => new Response(body, { headers: { 'content-type': 'application/json' } }),
});
if (!process.argv.includes('--floor-only')) await time('of the SDK alone, answered by its fetch (warm)', () => bare.messages.create(params), 200);
