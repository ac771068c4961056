/**
 * Records this example's cassettes (fixtures/) against promptgate's local Messages API simulator,
 * answering with replies.ts. With a key, `ANTHROPIC_API_KEY=... npx promptgate run
 * examples/support-desk/suites --record=all --fixtures examples/support-desk/fixtures` records real
 * answers instead. Run from the repository root: node examples/support-desk/scripts/record.ts
 */
import { fileURLToPath } from 'node:url';
import pkg from '../../../package.json' with { type: 'json' };
import { runSuites } from '../../../src/runner/run.ts';
import { loadSuites } from '../../../src/suite/load.ts';
import { LiveTransport } from '../../../src/transport/live.ts';
import { RecordTransport } from '../../../src/transport/record.ts';
import { ReplayTransport } from '../../../src/transport/replay.ts';
import { startSimulator } from '../../../test/support/sim/index.ts';
import { supportDeskResponder } from './replies.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const sim = await startSimulator({ responder: supportDeskResponder, latencyMs: 300 });
try {
  const suites = await loadSuites([`${root}suites`]);
  const transport = new RecordTransport(new ReplayTransport(`${root}fixtures`), new LiveTransport({ apiKey: 'sk-local-simulator', baseURL: sim.url }), 'all', {
    source: 'simulator',
  });
  const result = await runSuites(suites, { transport, concurrency: 4, toolVersion: pkg.version });
  for (const suite of result.suites) for (const c of suite.cases) console.log(`${c.status.padEnd(7)} ${suite.name}/${c.id}`);
} finally {
  await sim.close();
}
