#!/usr/bin/env node
// The published bin runs the compiled dist/ (built by `prepare` on npm ci, npm pack and git installs).
// In a checkout without a build, Node >= 22.18 can run the TypeScript sources directly.
import './check-node.js';

try {
  await import('../dist/src/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/src/cli/main.js')) throw error;
  await import('../src/cli/main.ts');
}
