/**
 * Re-records the example suites' cassettes (fixtures/) against the local Messages API simulator
 * answering with scripts/example-replies.ts. Run: node scripts/record-examples.ts [--all] [suites...]
 * Without --all only missing or stale cassettes are written, so unchanged ones keep their history.
 * `--init` records the suite `promptgate init` scaffolds into the fixtures it ships beside it.
 * Cassettes say `"source": "simulator"`, so the cost report marks their token counts as estimates.
 */
import { packageVersion } from '../src/package-root.ts';
import { runSuites } from '../src/runner/run.ts';
import { loadSuites } from '../src/suite/load.ts';
import { LiveTransport } from '../src/transport/live.ts';
import { RecordTransport } from '../src/transport/record.ts';
import { ReplayTransport } from '../src/transport/replay.ts';
import { startSimulator } from '../test/support/sim/index.ts';
import { exampleResponder } from './example-replies.ts';

const all = process.argv.includes('--all');
const init = process.argv.includes('--init');
const paths = init ? ['src/init/templates/example.yaml'] : process.argv.slice(2).filter((a) => a !== '--all');
const fixtures = init ? 'src/init/templates/fixtures/' : 'fixtures/';
const sim = await startSimulator({ responder: exampleResponder, latencyMs: (r) => 350 + (JSON.stringify(r.messages).length % 400) });
try {
  const suites = await loadSuites(paths.length ? paths : ['suites/']);
  const transport = new RecordTransport(
    new ReplayTransport(fixtures),
    new LiveTransport({ apiKey: 'sk-local-simulator', baseURL: sim.url }),
    all ? 'all' : 'new',
    { source: 'simulator' },
  );
  // One at a time, so repeats get their scripted answers in order.
  const result = await runSuites(suites, { transport, concurrency: 1, toolVersion: packageVersion });
  for (const suite of result.suites) for (const c of suite.cases) console.log(`${c.status.padEnd(7)} ${suite.name}/${c.id}`);
} finally {
  await sim.close();
}
