/**
 * vitest and msw are optional peers and the Claude SDK a peer: importing a kit where one it needs is
 * not installed must say what to install, in one line, not fail with a bare ERR_MODULE_NOT_FOUND from
 * inside the package. The sources are copied beside a node_modules that links every package of this
 * checkout but the missing one, so Node resolves it from there and really does not find it.
 * (scripts/check-vitest-majors.ts and scripts/check-sdk-majors.ts check the same on the installed tarball.)
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];

afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** The checkout's sources in a temp folder whose node_modules has everything but `missing` (vitest, or the SDK's scope). */
async function checkoutWithout(missing: 'vitest' | '@anthropic-ai' | 'msw'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pg-no-peer-'));
  dirs.push(dir);
  await Promise.all(['src', 'reporters', 'package.json'].map((p) => cp(path.join(root, p), path.join(dir, p), { recursive: true })));
  await mkdir(path.join(dir, 'node_modules'));
  const skip = new Set([...(missing === 'vitest' ? ['vitest', '@vitest'] : [missing]), 'promptgate', '.bin']);
  for (const name of await readdir(path.join(root, 'node_modules'))) {
    if (!skip.has(name)) await symlink(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  return dir;
}

/**
 * `node -e "import(kit)"` there: its exit code, what it printed, and the lines that name an error
 * (Node prints the source line and stack frames around them).
 */
async function importKit(dir: string, entry = 'vitest'): Promise<{ code: number; stderr: string; errors: string[] }> {
  const kit = path.join(dir, `src/${entry}/index.ts`);
  const { code, stderr } = await exec(process.execPath, ['-e', `import(${JSON.stringify(kit)})`], { cwd: dir }).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (e: { code: number; stderr: string }) => e,
  );
  return { code, stderr, errors: stderr.split('\n').filter((l) => /^\w*Error\b/.test(l)) };
}

test('without vitest, importing the kit fails with one line that names the fix', async () => {
  const { code, stderr, errors } = await importKit(await checkoutWithout('vitest'));
  expect(code).not.toBe(0);
  expect(errors).toEqual(['Error: promptgate/vitest needs vitest (>= 3), which is not installed: npm install -D vitest']);
  expect(stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
});

test('a vitest that is installed but fails to load keeps its own error', async () => {
  const dir = await checkoutWithout('vitest');
  // A broken install: vitest is there, but a package it imports is not.
  await mkdir(path.join(dir, 'node_modules/vitest'));
  await writeFile(path.join(dir, 'node_modules/vitest/package.json'), JSON.stringify({ name: 'vitest', type: 'module', exports: './index.js' }));
  await writeFile(path.join(dir, 'node_modules/vitest/index.js'), "import 'vitest-missing-dependency';\n");
  const { code, stderr, errors } = await importKit(dir);
  expect(code).not.toBe(0);
  expect(errors).toEqual([expect.stringContaining("Cannot find package 'vitest-missing-dependency'")]);
  expect(stderr).not.toContain('npm install -D vitest');
});

test('without the Claude SDK, importing the kit fails with one line that names the fix', async () => {
  const { code, stderr, errors } = await importKit(await checkoutWithout('@anthropic-ai'));
  expect(code).not.toBe(0);
  expect(errors).toEqual([
    'Error: promptgate/vitest needs @anthropic-ai/sdk (the Claude SDK your app calls), which is not installed: npm install @anthropic-ai/sdk',
  ]);
  expect(stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
});

test('an SDK that is installed but fails to load keeps its own error', async () => {
  const dir = await checkoutWithout('@anthropic-ai');
  await mkdir(path.join(dir, 'node_modules/@anthropic-ai/sdk'), { recursive: true });
  await writeFile(
    path.join(dir, 'node_modules/@anthropic-ai/sdk/package.json'),
    JSON.stringify({ name: '@anthropic-ai/sdk', type: 'module', exports: './index.js' }),
  );
  await writeFile(path.join(dir, 'node_modules/@anthropic-ai/sdk/index.js'), "import 'sdk-missing-dependency';\n");
  const { code, stderr, errors } = await importKit(dir);
  expect(code).not.toBe(0);
  expect(errors).toEqual([expect.stringContaining("Cannot find package 'sdk-missing-dependency'")]);
  expect(stderr).not.toContain('npm install @anthropic-ai/sdk');
});

test('without msw, importing either kit fails with one line that names the fix', async () => {
  const dir = await checkoutWithout('msw');
  for (const kit of ['msw', 'vitest']) {
    const { code, stderr, errors } = await importKit(dir, kit);
    expect(code).not.toBe(0);
    expect(errors).toEqual([`Error: promptgate/${kit} needs msw (>= 3), which is not installed: npm install -D msw`]);
    expect(stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
  }
});

test('an msw that is installed but fails to load keeps its own error', async () => {
  const dir = await checkoutWithout('msw');
  await mkdir(path.join(dir, 'node_modules/msw'));
  await writeFile(path.join(dir, 'node_modules/msw/package.json'), JSON.stringify({ name: 'msw', type: 'module', exports: './index.js' }));
  await writeFile(path.join(dir, 'node_modules/msw/index.js'), "import 'msw-missing-dependency';\n");
  const { code, stderr, errors } = await importKit(dir, 'msw');
  expect(code).not.toBe(0);
  expect(errors).toEqual([expect.stringContaining("Cannot find package 'msw-missing-dependency'")]);
  expect(stderr).not.toContain('npm install -D msw');
});
