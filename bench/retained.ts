/**
 * What a replay keeps, as opposed to what its process peaks at: runs `promptgate run` in this process
 * (main(), as the bin does) on a bench project and forces a full GC every 250 ms, so each sample is the
 * heap that is still reachable then: the loaded suites and the results so far. Prints the most it
 * held over the heap before the run, per case; a one-case run first loads the modules, so they do
 * not count. Needs --expose-gc.
 * Run: node --expose-gc bench/retained.ts <project dir> <cases>   (bench/all.ts runs it per size)
 */
import { main } from '../src/cli/main.ts';

const [dir, cases] = [process.argv[2]!, Number(process.argv[3])];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !dir || !(cases > 0)) throw new Error('usage: node --expose-gc bench/retained.ts <project dir> <cases>');
const live = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const ignore = { write: () => true };
const run = (...extra: string[]) =>
  main(['run', 'bench.yaml', '--fixtures', 'fixtures', ...extra], { cwd: dir, env: { ...process.env, CI: '1' }, stdout: ignore, stderr: process.stderr });
if ((await run('--filter', 'case-0')) !== 0) throw new Error('the one-case run failed');
const before = live();
let most = 0;
const sampler = setInterval(() => (most = Math.max(most, live() - before)), 250);
const code = await run();
clearInterval(sampler);
if (code !== 0) throw new Error(`the run exited ${code}`);
console.log(JSON.stringify({ retainedKiBPerCase: most / 1024 / cases, retainedMiB: most / 2 ** 20 }));
