/**
 * Live throughput with the default flags (no --concurrency) against the rate-limited simulator on
 * 127.0.0.1: efficiency is the requests the rate limit admitted per minute over the limit, at each
 * rate, against the target of 0.90, with every case answered exactly once. Exits 1 on a miss.
 *
 *   node bench/live.ts [--rpm 600,3000] [--latency-ms 200] [--faults 0.08] [--seconds 20] [--concurrency N]
 *
 * Each run is `seconds` worth of cases at its rate (200 at 600 a minute, 1,000 at 3,000). A 529
 * comes after its request took a rate token, as the API's would, so it counts as admitted; answers
 * per minute (at most 1 - faults of the limit) are printed beside it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRun } from '../src/build-run.ts';
import { totals } from '../src/run-result.ts';
import { runSuites } from '../src/runner/run.ts';
import { loadSuites } from '../src/suite/load.ts';
import { startSimulator } from '../test/support/sim/index.ts';

const TARGET = 0.9;
const { values } = parseArgs({
  options: {
    rpm: { type: 'string', default: '600,3000' },
    'latency-ms': { type: 'string', default: '200' },
    faults: { type: 'string', default: '0.08' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string' },
  },
});
const latencyMs = Number(values['latency-ms']);
const faultRate = Number(values.faults);
const seconds = Number(values.seconds);
const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
const rates = values.rpm.split(',').map(Number);
// Bounded: a few rates, each a finite number of cases (at most 20,000).
for (const n of [latencyMs, faultRate, seconds, ...rates]) if (!(Number.isFinite(n) && n >= 0)) throw new RangeError(`not a number >= 0: ${n}`);
if (!(seconds > 0 && seconds <= 120) || rates.length > 4 || rates.some((r) => !(r > 0 && r <= 10_000)))
  throw new RangeError('--seconds 0..120, up to 4 rates of 1..10,000 a minute');

const flags = concurrency === undefined ? 'default flags (no --concurrency)' : `--concurrency ${concurrency}`;
console.log(`live: ${flags}, latency ${latencyMs} ms, ${Math.round(faultRate * 100)}% 529s, ${seconds} s of cases at each rate`);
let missed = false;
for (const rpm of rates) {
  const cases = Math.ceil((rpm / 60) * seconds);
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-bench-live-'));
  const yaml = ['name: bench', 'model: claude-haiku-4-5', 'max_tokens: 64', 'cases:'];
  for (let i = 1; i <= cases; i++) yaml.push(`  - id: c${i}`, `    prompt: "case-${i}"`, '    assert:', `      - contains: "case-${i}"`);
  await writeFile(path.join(dir, 'bench.yaml'), yaml.join('\n') + '\n');
  const suites = await loadSuites([path.join(dir, 'bench.yaml')]);

  const sim = await startSimulator({ rpm, latencyMs, ...(faultRate > 0 ? { faults: { rate: faultRate, kinds: [529] } } : {}) });
  // What `promptgate run --live` builds: the live transport and the mode's default concurrency.
  const built = buildRun({ mode: 'live', fixtures: dir, apiKey: 'sk-ant-bench-key-000000000000', baseURL: sim.url });
  let highest = 0;
  const t0 = performance.now();
  const result = await runSuites(suites, {
    transport: built.transport,
    concurrency: concurrency ?? built.concurrency,
    toolVersion: 'bench',
    onEvent: (e) => void (highest = Math.max(highest, e.progress.concurrency)),
  });
  const minutes = (performance.now() - t0) / 60_000;
  const stats = sim.stats;
  await sim.close();
  await rm(dir, { recursive: true, force: true });

  const t = totals(result);
  const requests = stats.byRoute['POST /v1/messages'] ?? 0;
  const admitted = requests - stats.rateLimited;
  const efficiency = admitted / minutes / rpm;
  const served = Object.values(stats.promptServed);
  const once = t.passed === cases && served.length === cases && served.every((n) => n === 1);
  const pass = efficiency >= TARGET && once;
  missed ||= !pass;
  console.log(
    `live efficiency at ${rpm} rpm: ${efficiency.toFixed(3)} of the limit (target >= ${TARGET.toFixed(2)}) ${pass ? 'PASS' : 'MISS'}` +
      ` | ${(admitted / minutes).toFixed(0)} requests/min admitted, ${((t.passed + t.failed) / minutes).toFixed(0)} answers/min, ${(minutes * 60).toFixed(1)} s` +
      ` | ${cases} cases, ${once ? 'each answered once' : `NOT each answered once (passed ${t.passed}, errored ${t.errored}, served twice ${served.filter((n) => n > 1).length})`}` +
      ` | 429s ${stats.rateLimited}, 529s ${stats.faultsInjected}, highest concurrency ${highest}, most in flight ${stats.maxInFlight}`,
  );
}
process.exitCode = missed ? 1 : 0;
