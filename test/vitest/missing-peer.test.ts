/**
 * vitest is an optional peer: importing promptgate/vitest where it is not installed must say what to
 * install, in one line, not fail with a bare ERR_MODULE_NOT_FOUND from inside the package. The
 * sources are copied beside a node_modules that links every package of this checkout but vitest, so
 * Node resolves 'vitest' from there and really does not find it. (scripts/check-vitest-majors.ts
 * checks the same on the installed tarball.)
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

/** The checkout's sources in a temp folder whose node_modules has everything but vitest. */
async function checkoutWithoutVitest(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pg-no-vitest-'));
  dirs.push(dir);
  await Promise.all(['src', 'reporters', 'package.json'].map((p) => cp(path.join(root, p), path.join(dir, p), { recursive: true })));
  await mkdir(path.join(dir, 'node_modules'));
  const skip = new Set(['vitest', '@vitest', 'promptgate', '.bin']);
  for (const name of await readdir(path.join(root, 'node_modules'))) {
    if (!skip.has(name)) await symlink(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  return dir;
}

/**
 * `node -e "import(kit)"` there: its exit code, what it printed, and the lines that name an error
 * (Node prints the source line and stack frames around them).
 */
async function importKit(dir: string): Promise<{ code: number; stderr: string; errors: string[] }> {
  const kit = path.join(dir, 'src/vitest/index.ts');
  const { code, stderr } = await exec(process.execPath, ['-e', `import(${JSON.stringify(kit)})`], { cwd: dir }).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (e: { code: number; stderr: string }) => e,
  );
  return { code, stderr, errors: stderr.split('\n').filter((l) => /^\w*Error\b/.test(l)) };
}

test('without vitest, importing the kit fails with one line that names the fix', async () => {
  const { code, stderr, errors } = await importKit(await checkoutWithoutVitest());
  expect(code).not.toBe(0);
  expect(errors).toEqual(['Error: promptgate/vitest needs vitest (>= 3), which is not installed: npm install -D vitest']);
  expect(stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
});

test('a vitest that is installed but fails to load keeps its own error', async () => {
  const dir = await checkoutWithoutVitest();
  // A broken install: vitest is there, but a package it imports is not.
  await mkdir(path.join(dir, 'node_modules/vitest'));
  await writeFile(path.join(dir, 'node_modules/vitest/package.json'), JSON.stringify({ name: 'vitest', type: 'module', exports: './index.js' }));
  await writeFile(path.join(dir, 'node_modules/vitest/index.js'), "import 'vitest-missing-dependency';\n");
  const { code, stderr, errors } = await importKit(dir);
  expect(code).not.toBe(0);
  expect(errors).toEqual([expect.stringContaining("Cannot find package 'vitest-missing-dependency'")]);
  expect(stderr).not.toContain('npm install -D vitest');
});
