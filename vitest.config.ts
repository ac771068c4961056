import { defineConfig } from 'vitest/config';

// Tests spawn the CLI from its TypeScript sources; Node strips types by default only from 22.18,
// and the floor (package.json engines) is 22.12, where the flag turns it on.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major === 22 && minor! < 18) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --experimental-strip-types --disable-warning=ExperimentalWarning`.trim();
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Tests spawn the CLI and real local servers; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
