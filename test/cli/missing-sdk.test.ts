/**
 * The CLI calls the Claude SDK the project installed (a peer; the bundle leaves it out). Where it is
 * not installed, `run` must say what to install in one line and exit 2, not crash with a bare
 * ERR_MODULE_NOT_FOUND; the commands that make no call keep working. The bundle is copied, with what
 * the package ships beside it, next to a node_modules that links every package of this checkout but
 * the SDK, so Node resolves it from there and really does not find it. (scripts/check-sdk-majors.ts
 * checks the same on the installed tarball.)
 */
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnCli } from '../support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
/** The example project, copied out of the checkout: under it, its SDK would resolve from the checkout's node_modules. */
let router: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pg-no-sdk-'));
  await cp(path.join(ROOT, 'dist/cli'), path.join(dir, 'dist/cli'), { recursive: true });
  await Promise.all(['bin', 'package.json', 'schema', 'src/init/templates'].map((p) => cp(path.join(ROOT, p), path.join(dir, p), { recursive: true })));
  router = path.join(dir, 'router');
  await Promise.all(
    ['suites', 'fixtures', 'package.json'].map((p) => cp(path.join(ROOT, 'examples/ticket-router', p), path.join(router, p), { recursive: true })),
  );
  await mkdir(path.join(dir, 'node_modules'));
  const skip = new Set(['@anthropic-ai', 'promptgate', '.bin']);
  for (const name of await readdir(path.join(ROOT, 'node_modules'))) {
    if (!skip.has(name)) await symlink(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const promptgate = (...args: string[]) => spawnCli(args, { cwd: router, entry: path.join(dir, 'bin/promptgate.js') });

test('without the SDK, run fails with one line that names the fix, and exit 2', async () => {
  const r = await promptgate('run', 'suites', '--fixtures', 'fixtures');
  expect(r.stderr).toBe('error: promptgate needs @anthropic-ai/sdk (the Claude SDK your app calls), which is not installed: npm install @anthropic-ai/sdk\n');
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
});

test('without the SDK, the commands that make no call still work', async () => {
  expect((await promptgate('--version')).code).toBe(0);
  const validated = await promptgate('validate', 'suites');
  expect(validated.stderr).toBe('');
  expect(validated.code).toBe(0);
});
