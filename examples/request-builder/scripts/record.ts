/**
 * Records this example's cassettes (fixtures/) against promptgate's local Messages API simulator:
 * the project's CI has no API key. Run from the repository root: node examples/request-builder/scripts/record.ts
 */
import pkg from '../../../package.json' with { type: 'json' };
import { runSuites } from '../../../src/runner/run.ts';
import { loadSuites } from '../../../src/suite/load.ts';
import { LiveTransport } from '../../../src/transport/live.ts';
import { RecordTransport } from '../../../src/transport/record.ts';
import { ReplayTransport } from '../../../src/transport/replay.ts';
import { startSimulator } from '../../../test/support/sim/index.ts';

const sim = await startSimulator();
try {
  const fixtures = 'examples/request-builder/fixtures';
  const suites = await loadSuites(['examples/request-builder/suites']);
  const transport = new RecordTransport(new ReplayTransport(fixtures), new LiveTransport({ apiKey: 'sk-local-simulator', baseURL: sim.url }), 'all', {
    source: 'simulator',
  });
  const result = await runSuites(suites, { transport, concurrency: 1, toolVersion: pkg.version });
  const statuses = result.suites.flatMap((s) => s.cases.map((c) => `${c.id}: ${c.status}`));
  console.log(statuses.join('\n'));
} finally {
  await sim.close();
}
