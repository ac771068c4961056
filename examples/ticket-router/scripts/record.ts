/**
 * Records this example's cassettes (fixtures/) against promptgate's local Messages API simulator,
 * answering with the Claude-like replies below: the project's CI has no API key. With a key,
 * `ANTHROPIC_API_KEY=... npx promptgate run examples/ticket-router/suites --record=all
 * --fixtures examples/ticket-router/fixtures` records real answers instead.
 * Run from the repository root: node examples/ticket-router/scripts/record.ts
 */
import pkg from '../../../package.json' with { type: 'json' };
import { runSuites } from '../../../src/runner/run.ts';
import { loadSuites } from '../../../src/suite/load.ts';
import { LiveTransport } from '../../../src/transport/live.ts';
import { RecordTransport } from '../../../src/transport/record.ts';
import { ReplayTransport } from '../../../src/transport/replay.ts';
import { startSimulator, type Reply, type SimRequest } from '../../../test/support/sim/index.ts';

const route = (category: string, urgency: string, confidence: number): Reply => ({
  content: [{ type: 'tool_use', name: 'route_ticket', input: { category, urgency, confidence } }],
});

const replies: [prefix: string, reply: Reply][] = [
  ['I was charged twice', route('billing', 'normal', 0.95)],
  ["I can't log in", route('account', 'high', 0.91)],
  ['Exporting a board', route('bug', 'normal', 0.93)],
  ["What's the weather", 'I can only help with Acme support questions. For the weather in Lisbon, a weather service will have the latest forecast.'],
];

function responder(request: SimRequest): Reply {
  const last = request.messages.at(-1)?.content;
  const said = typeof last === 'string' ? last : JSON.stringify(last ?? '');
  const found = replies.find(([prefix]) => said.startsWith(prefix));
  if (!found) throw new Error(`no reply scripted for: ${said.slice(0, 60)}`);
  return found[1];
}

const sim = await startSimulator({ responder, latencyMs: (r) => 300 + (JSON.stringify(r.messages).length % 300) });
try {
  const fixtures = 'examples/ticket-router/fixtures';
  const suites = await loadSuites(['examples/ticket-router/suites']);
  const transport = new RecordTransport(new ReplayTransport(fixtures), new LiveTransport({ apiKey: 'sk-local-simulator', baseURL: sim.url }), 'all', {
    source: 'simulator',
  });
  const result = await runSuites(suites, { transport, concurrency: 1, toolVersion: pkg.version });
  for (const suite of result.suites) for (const c of suite.cases) console.log(`${c.status.padEnd(7)} ${suite.name}/${c.id}`);
} finally {
  await sim.close();
}
