/**
 * The CLI the tests spawn: the bundle users run (dist/cli/main.js, what bin/promptgate.js loads),
 * built from the sources by the global setup (test/support/build-cli.ts) before any test, and
 * again before each rerun in watch mode.
 */
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');
