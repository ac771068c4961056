import { tmpdir } from 'node:os';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// Scripts and fixtures the tests run are TypeScript; Node strips types by default only from 22.18,
// and the floor (package.json engines) is 22.12, where the flag turns it on.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major === 22 && minor! < 18) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --experimental-strip-types --disable-warning=ExperimentalWarning`.trim();
}

// Every Node process the tests start (the bundled CLI, ~200 spawns; npm and npx) keeps V8's compiled
// code on disk and reuses it on the next start, as bin/promptgate.js does for users (same folder).
// A `run` from the unbundled sources measured ~1.4 s of CPU without, ~0.9 s with. The tests spawn
// children with process.env, so they all inherit it.
process.env.NODE_COMPILE_CACHE ??= path.join(tmpdir(), 'node-compile-cache');

const include = ['test/**/*.test.ts', 'examples/**/*.test.ts'];

/**
 * Files that change what the whole process shares (process.env, console, globalThis.fetch through
 * msw's setupServer, vi.mock), and the packed install: each
 * runs in a fresh worker thread of its own, with its own globals, console, module instances and
 * copy of process.env (a worker thread's process.env is its own; the current directory is not, and
 * none of them changes it). A fresh process each cost ~0.5 s more CPU per file: 43.3 s -> 35.9 s of
 * CPU for these files without the packed install. A new test file that sets any of these belongs
 * here: the others share module instances and the thread with every file before them.
 */
const isolated = [
  'examples/**/*.test.ts',
  'test/cassette/hand-edit.test.ts',
  'test/cli/npx-interrupt.test.ts',
  'test/live/deprecated-models.test.ts',
  'test/live/progress.test.ts',
  'test/msw/**/*.test.ts',
  'test/packed/**/*.test.ts',
  'test/pricing/**/*.test.ts',
  'test/runner/selection-guards.test.ts',
  'test/transport/telemetry.test.ts',
];

export default defineConfig({
  test: {
    // Tests spawn the CLI and real local servers, and much of their time is waiting (simulated
    // latency, retry timers, child processes): on 2 cores a third worker fills it. Back to back under
    // the same load (4-7): 2 workers 129 s, 3 workers 106 s and 105 s, 4 workers 107 s.
    maxWorkers: 3,
    testTimeout: 30_000,
    // The tests spawn the bundled CLI (test/support/cli.ts); this builds it from the sources first.
    globalSetup: ['test/support/build-cli.ts'],
    projects: [
      // The rest share the worker threads (isolate: false): a fresh process per file cost ~0.5-1 s of
      // start-up each, ~110 times over (35 files of test/assertions, reporters, results and shard:
      // 71.5 s in forks, 42.2 s shared, under load 7-9). They leave nothing behind (temp folders, own
      // servers, spawned CLIs).
      { extends: true, test: { name: 'shared', include, exclude: [...configDefaults.exclude, ...isolated], pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, pool: 'threads', isolate: true } },
    ],
  },
});
