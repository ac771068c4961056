/**
 * Replay speed and memory: generates N synthetic cases with cassettes, then times
 * `promptgate run` on them end to end (a fresh process, as CI runs it) and reports cases/s and
 * peak RSS; also `promptgate --version` and a 5-case run against a bare `node -e 0` (the start-up
 * target is 6x; medians of 7, since other jobs share the 2 cores). Peak RSS counts garbage not yet
 * collected, so the heap that stays after a forced GC is measured in-process too (`--expose-gc`).
 * Peak RSS grows with N (the run result holds every case); bench/all.ts holds it to a bound per case.
 * Run: node --expose-gc bench/replay.ts [N...]   (default 1000 10000 50000)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadSuites } from '../src/suite/load.ts';
import { runSuites } from '../src/runner/run.ts';
import { ReplayTransport } from '../src/transport/replay.ts';
import { BIN } from './bin.ts';
import { replayProject as project } from './project.ts';

const sizes = process.argv.slice(2).map(Number);

/** Wall time and peak RSS of one CLI run, from GNU time. */
function timed(args: string[], cwd: string): { seconds: number; rssMb: number; status: number | null; out: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const [seconds, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, rssMb: kb! / 1024, status: r.status, out: r.stdout };
}

function median(times: number[]): number {
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}
const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
const bare = median(
  Array.from({ length: 7 }, () => {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    return (performance.now() - t0) / 1000;
  }),
);
const version = median(Array.from({ length: 7 }, () => timed(['--version'], process.cwd()).seconds));
console.log(`node -e 0: ${ms(bare)}; promptgate --version: ${ms(version)} (medians of 7)`);
{
  const dir = await project(5);
  const five = median(
    Array.from({ length: 7 }, () => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [BIN, 'run', 'bench.yaml', '--fixtures', 'fixtures'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
      if (r.status !== 0) throw new Error(`5-case run exited ${r.status}: ${r.stdout}${r.stderr}`);
      return (performance.now() - t0) / 1000;
    }),
  );
  console.log(`replay      5 cases: ${ms(five)} wall (median of 7) = ${(five / bare).toFixed(1)}x node -e 0 (target <= 6x)`);
  await rm(dir, { recursive: true, force: true });
}

for (const n of [10, ...(sizes.length ? sizes : [1_000, 10_000, 50_000])]) {
  const dir = await project(n);
  const r = timed(['run', 'bench.yaml', '--fixtures', 'fixtures'], dir);
  const summary = r.out.trim().split('\n').at(-1);
  if (r.status !== 0) throw new Error(`run of ${n} cases exited ${r.status}: ${summary}`);
  console.log(
    `replay ${String(n).padStart(6)} cases: ${r.seconds.toFixed(2)} s wall, ${(n / r.seconds).toFixed(0)} cases/s, peak RSS ${r.rssMb.toFixed(0)} MB  [${summary}]`,
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const suites = await loadSuites([path.join(dir, 'bench.yaml')]);
    gc();
    const before = process.memoryUsage().heapUsed;
    const result = await runSuites(suites, { transport: new ReplayTransport(path.join(dir, 'fixtures')), concurrency: 16, toolVersion: 'bench' });
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    const resultsKb = JSON.stringify(result).length / 1024;
    console.log(
      `         heap kept after the run: ${(kept / 1e6).toFixed(1)} MB (${(kept / n / 1024).toFixed(1)} KB a case; the RunResult itself is ${(resultsKb / n).toFixed(1)} KB a case as JSON)`,
    );
  }
  await rm(dir, { recursive: true, force: true });
}
