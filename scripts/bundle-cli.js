/**
 * Bundles the CLI into dist/cli/: promptgate's sources and the dependencies a run loads (the SDK,
 * msw, commander, js-yaml, ...) as a few files instead of ~490 modules. Resolving and linking ES
 * modules was most of a small run's start-up; bundled, a 5-case replay takes ~0.45 s of CPU instead
 * of ~0.8 s (bench/replay.ts). The library entry points (promptgate, /msw, /vitest) stay tsc's
 * unbundled output in dist/src/, so they share the SDK and msw a user installs.
 *
 * Run by `npm run build` (and so by prepare, npm ci and npm pack) and by the tests' global setup:
 * the tests spawn this bundle, the file users run. Plain JavaScript, so it runs on every Node the
 * package supports (type stripping is on by default only from 22.18).
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/cli');

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir,
  bundle: true,
  // Subcommands stay lazy: `promptgate --version` or `validate` does not load the SDK or msw.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  // jsonc-parser's `main` is a UMD build whose inner requires a bundler cannot follow.
  mainFields: ['module', 'main'],
  // CommonJS dependencies (debug, under msw's interceptors) require Node built-ins at run time,
  // which an ES module bundle can only do through a real require.
  banner: { js: "import { createRequire as __promptgateRequire } from 'node:module'; const require = __promptgateRequire(import.meta.url);" },
  // ajv and yaml stay out: they are required lazily through createRequire (yaml-lib.ts,
  // schema-validator.ts), which esbuild leaves alone, so a plain valid run still never loads them.
  legalComments: 'eof',
  logLevel: 'warning',
});
