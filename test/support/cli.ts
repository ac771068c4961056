/**
 * The CLI the tests spawn: the bundle users run (dist/cli/main.js, what bin/promptgate.js loads),
 * built from the sources by the global setup (test/support/build-cli.ts) before any test, and
 * again before each rerun in watch mode.
 */
import path from 'node:path';

// The bin, which runs the bundle's main() with the process's arguments, streams and signals
// (importing the bundle alone does nothing).
export const CLI = path.resolve(import.meta.dirname, '../../bin/promptgate.js');
