/**
 * Replay speed and memory: generates N synthetic cases with cassettes, then times
 * `promptgate run` on them end to end (a fresh process, as CI runs it) and reports cases/s and
 * peak RSS; also `promptgate --version` and a 5-case run against a bare `node -e 0` (the start-up
 * target is 6x; medians of 7, since other jobs share the 2 cores). Peak RSS counts garbage not yet
 * collected, so the heap that stays after a forced GC is measured in-process too (`--expose-gc`).
 * Run: node --expose-gc bench/replay.ts [N...]   (default 1000 10000 50000: RSS should stay flat)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { CASSETTE_VERSION, cassetteFile, writeCassette } from '../src/cassette/cassette.ts';
import { requestKey } from '../src/canonical-json.ts';
import { loadSuites } from '../src/suite/load.ts';
import { runSuites } from '../src/runner/run.ts';
import { normalizedRequest, ReplayTransport } from '../src/transport/replay.ts';
import type { Call } from '../src/transport/types.ts';
import { BIN } from './bin.ts';

const sizes = process.argv.slice(2).map(Number);

async function project(n: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `promptgate-bench-${n}-`));
  const cases = Array.from({ length: n }, (_, i) => `  - id: case-${i}\n    prompt: "Classify ticket ${i}: my invoice shows the wrong amount"\n    assert:\n      - contains: "billing"\n      - not: { contains: "refund" }\n      - max_output_tokens: 50\n`).join('');
  await writeFile(path.join(dir, 'bench.yaml'), `name: bench\nmodel: claude-haiku-4-5\nmax_tokens: 100\nsystem: "You route tickets."\ncases:\n${cases}`);
  const [suite] = await loadSuites([path.join(dir, 'bench.yaml')]);
  // 500 files at a time: 50,000 writes at once run out of file descriptors (EMFILE).
  const limit = pLimit(500);
  await Promise.all(
    suite!.cases.map((c, i) => limit(() => {
      const call: Call = { suite: 'bench', suiteFile: 'bench.yaml', caseId: c.id, repeat: 1, role: 'case', index: 0, params: c.request, stream: false };
      const request = normalizedRequest(call);
      return writeCassette(cassetteFile(path.join(dir, 'fixtures'), call), {
        promptgate_cassette: CASSETTE_VERSION,
        key: requestKey(request),
        call: `bench/${c.id}`,
        recorded_at: '2026-11-01T00:00:00.000Z',
        request,
        response: {
          message: {
            id: `msg_${i}`, type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', container: null,
            content: [{ type: 'text', text: `Category: billing (ticket ${i}).`, citations: null }],
            stop_reason: 'end_turn', stop_sequence: null, stop_details: null,
            usage: { input_tokens: 40, output_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: null, server_tool_use: null, service_tier: 'standard', inference_geo: null },
          } as never,
        },
        latency_ms: 420,
      });
    })),
  );
  return dir;
}

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
const bare = median(Array.from({ length: 7 }, () => {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  return (performance.now() - t0) / 1000;
}));
const version = median(Array.from({ length: 7 }, () => timed(['--version'], process.cwd()).seconds));
console.log(`node -e 0: ${ms(bare)}; promptgate --version: ${ms(version)} (medians of 7)`);
{
  const dir = await project(5);
  const five = median(Array.from({ length: 7 }, () => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'run', 'bench.yaml', '--fixtures', 'fixtures'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    if (r.status !== 0) throw new Error(`5-case run exited ${r.status}: ${r.stdout}${r.stderr}`);
    return (performance.now() - t0) / 1000;
  }));
  console.log(`replay      5 cases: ${ms(five)} wall (median of 7) = ${(five / bare).toFixed(1)}x node -e 0 (target <= 6x)`);
  await rm(dir, { recursive: true, force: true });
}

for (const n of [10, ...(sizes.length ? sizes : [1_000, 10_000, 50_000])]) {
  const dir = await project(n);
  const r = timed(['run', 'bench.yaml', '--fixtures', 'fixtures'], dir);
  const summary = r.out.trim().split('\n').at(-1);
  if (r.status !== 0) throw new Error(`run of ${n} cases exited ${r.status}: ${summary}`);
  console.log(`replay ${String(n).padStart(6)} cases: ${r.seconds.toFixed(2)} s wall, ${(n / r.seconds).toFixed(0)} cases/s, peak RSS ${r.rssMb.toFixed(0)} MB  [${summary}]`);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const suites = await loadSuites([path.join(dir, 'bench.yaml')]);
    gc();
    const before = process.memoryUsage().heapUsed;
    const result = await runSuites(suites, { transport: new ReplayTransport(path.join(dir, 'fixtures')), concurrency: 16, toolVersion: 'bench' });
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    const resultsKb = JSON.stringify(result).length / 1024;
    console.log(`         heap kept after the run: ${(kept / 1e6).toFixed(1)} MB (${(kept / n / 1024).toFixed(1)} KB a case; the RunResult itself is ${(resultsKb / n).toFixed(1)} KB a case as JSON)`);
  }
  await rm(dir, { recursive: true, force: true });
}
