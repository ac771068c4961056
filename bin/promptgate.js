#!/usr/bin/env node
// The published bin runs the compiled dist/ (built by `prepare` on npm ci / install).
// In a checkout without a build, Node >= 22.18 can run the TypeScript sources directly.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`promptgate: Node ${process.versions.node} is too old; promptgate needs Node >= 22.12.\n`);
  process.exit(2);
}
try {
  await import('../dist/src/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/src/cli/main.js')) throw error;
  await import('../src/cli/main.ts');
}
