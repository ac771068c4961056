/**
 * The CLI as users run it: bin/promptgate.js, which loads the bundle in dist/cli/, bundled from the
 * current sources first so a bench never times a stale build (it rewrites dist/cli/: not while
 * the tests run).
 */
import path from 'node:path';
import { bundleCli } from '../test/support/build-cli.ts';

bundleCli();

export const BIN = path.resolve(import.meta.dirname, '../bin/promptgate.js');
