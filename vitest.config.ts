import { tmpdir } from 'node:os';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// Scripts and fixtures the tests run are TypeScript; Node strips types by default only from 22.18,
// and the floor (package.json engines) is 22.12, where the flag turns it on.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major === 22 && minor! < 18) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --experimental-strip-types --disable-warning=ExperimentalWarning`.trim();
}

// Every Node process the tests start (the bundled CLI, npm, npx) reuses V8's compiled code from disk,
// as bin/promptgate.js does for users; children inherit it, and runCli passes it on (test/support/cli.ts).
process.env.NODE_COMPILE_CACHE ??= path.join(tmpdir(), 'node-compile-cache');

const include = ['test/**/*.test.ts', 'examples/**/*.test.ts'];
/** The install checks (`npm run test:install`): pack the checkout and install it, as users do; minutes, not seconds. */
const install = ['test/packed/**/*.test.ts'];

/**
 * Files that change what the whole process shares (process.env, console, globalThis.fetch through
 * msw's setupServer, vi.mock) run in a fresh worker thread each (its own globals and process.env;
 * not its own cwd, which none changes). A new test file that sets any of these belongs here.
 */
const isolated = [
  'examples/**/*.test.ts',
  'test/cassette/hand-edit.test.ts',
  'test/cli/npx-interrupt.test.ts',
  'test/live/deprecated-models.test.ts',
  'test/live/progress.test.ts',
  'test/msw/**/*.test.ts',
  'test/pricing/**/*.test.ts',
  'test/runner/selection-guards.test.ts',
  'test/transport/telemetry.test.ts',
];

export default defineConfig({
  test: {
    // Much of the tests' time is waiting (simulated latency, retry timers, child processes): on 2
    // cores a third worker fills it, and a fourth gained nothing (bench/npm-test.ts).
    maxWorkers: 3,
    testTimeout: 30_000,
    // The tests spawn the bundled CLI (test/support/cli.ts); this builds it from the sources first.
    globalSetup: ['test/support/build-cli.ts'],
    projects: [
      // The rest share the worker threads (isolate: false), sparing a process start-up per file;
      // they leave nothing behind (own servers, spawned CLIs; temp folders go with the run's, build-cli.ts).
      { extends: true, test: { name: 'shared', include, exclude: [...configDefaults.exclude, ...isolated, ...install], pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, pool: 'threads', isolate: true } },
      { extends: true, test: { name: 'install', include: install, pool: 'threads', isolate: true } },
    ],
  },
});
