/**
 * Every figure issue 27 holds promptgate to, in one run, each beside its target with PASS or MISS;
 * exits 1 when any target is missed. Every run is a fresh process through bin/promptgate.js, as CI
 * runs it. Timings are medians of paired runs (floor and replay alternated), so load that comes and
 * goes hits both sides; the load average before and after is printed: figures from a busy machine
 * say so. Targets:
 *   start-up   5-case replay with a json_schema check <= 6x a bare `node -e 0`
 *   floor      a 10k replay <= the floor (bench/sdk-floor.ts: replay's own call 10k times, cold) + 1.0 s
 *   memory     peak RSS over the 5-case run's, per case, <= 10 KiB at 10k and 50k (1k: printed only),
 *              beside the floor process's own peak at the same size; and the heap still reachable
 *              (bench/retained.ts, forced GCs), per case, <= 10 KiB
 *   shards     each of 4 shards of the 10k replay <= 0.35 of the whole; 2 shards in parallel + merge < the whole
 *              (medians of --pairs runs each); beside them, the floor process's own ratios: for a quarter of
 *              the calls against all of them, and two halves in parallel against one whole
 *   live       bench/live.ts with default flags (its own targets; --skip-live leaves the slot empty)
 * Run: node bench/all.ts [--sizes 1000,10000,50000] [--pairs 3] [--skip-live]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg, cpus, tmpdir } from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIN } from './bin.ts';
import { replayProject } from './project.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,50000' },
    pairs: { type: 'string', default: '3' },
    'skip-live': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const pairs = Number(values.pairs);
const HERE = import.meta.dirname;
const env = { ...process.env, CI: '1' };
const require = createRequire(import.meta.url);

const missed: string[] = [];
function verdict(name: string, figure: string, ok: boolean, target: string): void {
  if (!ok) missed.push(name);
  console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${figure}  (target ${target})`);
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const s = (seconds: number) => `${seconds.toFixed(2)} s`;

/** Wall seconds, peak RSS (KiB, from GNU time) and stdout of one process, which must exit 0. */
function timed(args: string[], cwd: string, withEnv = env): { seconds: number; rssKb: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, encoding: 'utf8', env: withEnv, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
  return { seconds, rssKb: Number(r.stderr.trim().split('\n').at(-1)), out: r.stdout };
}
const run = (dir: string, ...extra: string[]) => timed([BIN, 'run', 'bench.yaml', '--fixtures', 'fixtures', ...extra], dir);
const floorArgs = (calls: number) => [path.join(HERE, 'sdk-floor.ts'), String(calls), '--floor-only'];
// The bin turns Node's compile cache on before it loads the CLI; the floor runs from TypeScript
// sources, so it gets the cache from its first line on, through the environment. Without it, stripping
// their types took ~0.4 s and ~34 MiB of every floor process, which no replay pays (it flattered the
// replay's overhead by as much).
const floorEnv = { ...env, NODE_COMPILE_CACHE: path.join(tmpdir(), 'node-compile-cache') };
/** The floor process for `calls`: its wall time, and the time its calls took alone (the line sdk-floor.ts prints), start-up left out. */
function floorTimed(calls: number, cwd: string): { seconds: number; calls: number; rssKb: number } {
  const r = timed(floorArgs(calls), cwd, floorEnv);
  return { ...r, calls: Number(/calls of replay's own call[^:]*: ([\d.]+) s wall/.exec(r.out)![1]) };
}
/** Node processes started together; resolves when all have exited 0. */
const inParallel = (argsList: string[][], cwd: string, withEnv = env) =>
  Promise.all(
    argsList.map(
      (args) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, args, { cwd, env: withEnv, stdio: 'ignore' });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
        }),
    ),
  );

console.log(`bench/all: node ${process.version}, ${cpus().length} cores, load average ${load()} (1, 5, 15 min) at the start`);

// Start-up.
const small = await replayProject(5, { jsonSchema: true });
const bare: number[] = [];
const sdkAlone: number[] = [];
const five: number[] = [];
let baseRssKb = 0;
// What any replay loads before its first call, whoever wrote it: the SDK (as the CLI loads it, with
// the compile cache the bin turns on), one client, and Node's fetch and Response (undici).
const SDK_ALONE = `require('node:module').enableCompileCache?.(); const { default: Anthropic } = require(${JSON.stringify(require.resolve('@anthropic-ai/sdk'))}); new Anthropic({ apiKey: 'x' }); new Response('');`;
const timedOnce = (args: string[]) => {
  const t0 = performance.now();
  execFileSync(process.execPath, args);
  return (performance.now() - t0) / 1000;
};
for (let i = 0; i < 7; i++) {
  bare.push(timedOnce(['-e', '0']));
  sdkAlone.push(timedOnce(['-e', SDK_ALONE]));
  const r = run(small);
  five.push(r.seconds);
  baseRssKb = Math.max(baseRssKb, r.rssKb);
}
await rm(small, { recursive: true, force: true });
const ratio = median(five) / median(bare);
verdict(
  'start-up',
  `5-case replay with json_schema ${s(median(five))} = ${ratio.toFixed(1)}x node -e 0 (${s(median(bare))}), medians of 7`,
  ratio <= 6,
  '<= 6x',
);
console.log(
  `      the SDK and fetch alone, loaded as the CLI loads them: ${s(median(sdkAlone))} = ${(median(sdkAlone) / median(bare)).toFixed(1)}x node -e 0; ` +
    `the 5-case replay is ${s(median(five) - median(sdkAlone))} over that`,
);
console.log(`      baseline peak RSS (5-case run): ${(baseRssKb / 1024).toFixed(0)} MiB`);

// Fills the floor's compile cache: no floor process that is timed strips the sources' types.
floorTimed(5, HERE);
for (const n of sizes) {
  const dir = await replayProject(n);
  const replays: number[] = [];
  let rssKb = 0;
  let floorRssKb = 0;
  const floorCalls: number[] = [];
  const floorRun = () => {
    const r = floorTimed(n, dir);
    floorRssKb = Math.max(floorRssKb, r.rssKb);
    floorCalls.push(r.calls);
    return r.seconds;
  };
  if (n === 10_000) {
    const floors: number[] = [];
    for (let i = 0; i < pairs; i++) {
      floors.push(floorRun());
      const r = run(dir);
      replays.push(r.seconds);
      rssKb = Math.max(rssKb, r.rssKb);
    }
    const floor = median(floors);
    const whole = median(replays);
    console.log(
      `      floor: ${n} of replay's own calls through the SDK and msw, whole process: ${s(floor)}; replay of ${n}: ${s(whole)} (medians of ${pairs} pairs)`,
    );
    // The share of the floor as well: on this host the floor itself moves by half between batches and
    // the overhead with it; the share moves less, though still more than builds differ.
    verdict(
      `replay ${n} over the floor`,
      `${s(whole - floor)} (${s(whole)} - ${s(floor)}), ${(((whole - floor) / floor) * 100).toFixed(0)}% of the floor`,
      whole - floor <= 1.0,
      '<= 1.0 s',
    );

    // Shards of the same project.
    const quarters = [1, 2, 3, 4].map((k) => median(Array.from({ length: pairs }, () => run(dir, '--shard', `${k}/4`).seconds)));
    const worst = Math.max(...quarters);
    verdict('4 shards of 10k', `${quarters.map(s).join(', ')}; worst ${(worst / whole).toFixed(2)} of the whole`, worst / whole <= 0.35, '<= 0.35 each');
    // The floor for a quarter of the calls against the floor for all of them: the same ratio with
    // none of our code in it, and again for the calls alone, without start-up (the SDK and msw are
    // slower per call while still cold).
    const floorQuarters = Array.from({ length: pairs }, () => floorTimed(n / 4, dir));
    const floorQuarter = median(floorQuarters.map((r) => r.seconds));
    const callsQuarter = median(floorQuarters.map((r) => r.calls)) / median(floorCalls);
    console.log(
      `      the floor process alone for ${n / 4} calls: ${s(floorQuarter)} = ${(floorQuarter / floor).toFixed(2)} of its ${n}; its calls alone, without start-up: ${callsQuarter.toFixed(2)}`,
    );
    const parallels: number[] = [];
    const halves: number[] = [];
    const merges: number[] = [];
    const floorHalves: number[] = [];
    for (let i = 0; i < pairs; i++) {
      const t0 = performance.now();
      await inParallel(
        [1, 2].map((k) => [BIN, 'run', 'bench.yaml', '--fixtures', 'fixtures', '--shard', `${k}/2`, '--results', `half-${k}.json`]),
        dir,
      );
      halves.push((performance.now() - t0) / 1000);
      merges.push(timed([BIN, 'merge', 'half-1.json', 'half-2.json', '--results', 'merged.json'], dir).seconds);
      parallels.push((performance.now() - t0) / 1000);
      const t1 = performance.now();
      await inParallel([floorArgs(n / 2), floorArgs(n / 2)], dir, floorEnv);
      floorHalves.push((performance.now() - t1) / 1000);
    }
    const parallel = median(parallels);
    verdict(
      '2 parallel shards + merge',
      `${s(parallel)} (halves ${s(median(halves))}, merge ${s(median(merges))}) against ${s(whole)} in one process`,
      parallel < whole,
      '< one process',
    );
    console.log(`      two floor processes of ${n / 2} calls in parallel: ${s(median(floorHalves))}, against ${s(floor)} for one of ${n}`);
  } else {
    const r = run(dir);
    replays.push(r.seconds);
    rssKb = r.rssKb;
    floorRun();
  }
  const perCase = (rssKb - baseRssKb) / n;
  const figure = `peak RSS ${(rssKb / 1024).toFixed(0)} MiB, ${perCase.toFixed(1)} KiB a case over the 5-case run's; ${s(median(replays))}, ${(n / median(replays)).toFixed(0)} cases/s`;
  if (n >= 10_000) verdict(`memory at ${n}`, figure, perCase <= 10, '<= 10 KiB a case');
  else console.log(`info  memory at ${n}: ${figure}`);
  // What the SDK and msw alone peak at for the same calls: the part of the peak that is not ours to hold.
  console.log(
    `      the floor process alone peaks at ${(floorRssKb / 1024).toFixed(0)} MiB, ${((floorRssKb - baseRssKb) / n).toFixed(1)} KiB a case over the 5-case run's`,
  );
  const kept = spawnSync(process.execPath, ['--expose-gc', path.join(HERE, 'retained.ts'), dir, String(n)], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  if (kept.status !== 0) throw new Error(`bench/retained.ts exited ${kept.status}: ${kept.stderr.slice(-2000)}`);
  const { retainedKiBPerCase, retainedMiB } = JSON.parse(kept.stdout.trim().split('\n').at(-1)!) as { retainedKiBPerCase: number; retainedMiB: number };
  const keptFigure = `${retainedMiB.toFixed(0)} MiB still reachable at most (forced GCs), ${retainedKiBPerCase.toFixed(1)} KiB a case`;
  if (n >= 10_000) verdict(`retained at ${n}`, keptFigure, retainedKiBPerCase <= 10, '<= 10 KiB a case');
  else console.log(`info  retained at ${n}: ${keptFigure}`);
  await rm(dir, { recursive: true, force: true });
}

if (values['skip-live']) console.log('SKIP  live efficiency at 600 and 3,000 rpm (bench/live.ts): --skip-live');
else {
  // bench/live.ts prints its own verdicts (default flags: 600 and 3,000 rpm); a non-zero exit is a miss.
  console.log('      live (bench/live.ts, default flags):');
  const r = spawnSync(process.execPath, [path.join(HERE, 'live.ts')], { encoding: 'utf8', env });
  process.stdout.write(r.stdout.replace(/^/gm, '      '));
  verdict(
    'live efficiency (bench/live.ts)',
    r.status === 0 ? 'its targets met' : `exit ${r.status}${r.stderr ? `: ${r.stderr.trim().split('\n').at(-1)}` : ''}`,
    r.status === 0,
    "bench/live.ts's own",
  );
}

console.log(`bench/all: load average ${load()} at the end${missed.length ? `; missed: ${missed.join(', ')}` : '; every target met'}`);
process.exitCode = missed.length ? 1 : 0;
