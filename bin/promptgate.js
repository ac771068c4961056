#!/usr/bin/env node
// The published bin runs the bundled CLI, dist/cli/ (scripts/bundle-cli.js, built by `prepare` on
// npm ci, npm pack and git installs). In a checkout without a build, Node >= 22.18 can run the
// TypeScript sources directly.
import './check-node.js';
import module from 'node:module';

// Node keeps V8's compiled code for the bundle on disk (os.tmpdir()/node-compile-cache, keyed by
// each file's content), so the next start skips compiling it, the bundle's and the SDK's the
// project installed (bench/all.ts times start-up).
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();

const bundle = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(bundle.href);
} catch (error) {
  // Only a missing bundle falls back; a bundle missing one of its own chunks is a broken install.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== bundle.href) throw error;
  await import('../src/cli/main.ts');
}
