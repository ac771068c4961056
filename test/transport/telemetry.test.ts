/**
 * A replayed call is not an API call: with an OpenTelemetry tracer provider registered (as an app
 * under test might), recording starts the SDK's spans and replay starts none, so no invented call
 * reaches anyone's traces. Registers a global provider: an isolated file (vitest.config.ts).
 */
import { trace, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';

const started: string[] = [];
const tracer: Tracer = {
  startSpan: (name) => (started.push(name), trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 })),
  startActiveSpan: ((name: string, ...rest: unknown[]) => (rest.at(-1) as (span: Span) => unknown)(tracer.startSpan(name))) as Tracer['startActiveSpan'],
};
const provider: TracerProvider = { getTracer: () => tracer };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  trace.disable();
  await sim.close();
});

it('recording starts the SDK spans; replaying the same cases starts none', async () => {
  const dir = await tempProject({
    'suites/s.yaml': 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\ncases:\n  - id: a\n    prompt: hi\n  - id: b\n    prompt: there\n',
  });
  await record(dir, sim.url);
  expect(started.length).toBeGreaterThanOrEqual(2);
  started.length = 0;
  const result = await replay(dir);
  expect(result.suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'passed']);
  expect(started).toEqual([]);
});
