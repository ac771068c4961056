/**
 * The CLI as users run it: bin/promptgate.js, which loads the bundle in dist/cli/. The bundle is
 * built from the current sources first, so a bench never times a stale build.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [path.join(root, 'scripts/bundle-cli.js')], { stdio: 'inherit' });

export const BIN = path.join(root, 'bin/promptgate.js');
