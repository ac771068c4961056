#!/usr/bin/env node
// The published bin runs the compiled dist/ (built by `prepare` on npm ci, npm pack and git installs).
// In a checkout without a build, Node >= 22.18 can run the TypeScript sources directly.
import './check-node.js';
import module from 'node:module';

// Node keeps V8's compiled code for the ~600 modules a run loads (the SDK's alone are ~250) on disk
// (os.tmpdir()/node-compile-cache, keyed by each file's content), so the next start skips compiling
// them: a 5-case replay measured 1.76 s without, 1.03 s with, on the 2-core bench machine under load
// (bench/replay.ts). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();

try {
  await import('../dist/src/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/src/cli/main.js')) throw error;
  await import('../src/cli/main.ts');
}
