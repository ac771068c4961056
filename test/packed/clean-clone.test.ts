/**
 * A project that installed promptgate from a tarball it committed (vendor/), as the README says to:
 * a clean clone of it has no node_modules, and `npm ci` there must install from the lockfile alone.
 * The project uses the CLI only, so it installs no msw: the optional peer brings none, and the
 * MSW kit says in one line what to install.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { packTarball } from '../support/packed.ts';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

it('a tarball committed in vendor/ survives a clean clone: npm ci installs it and the CLI runs', { timeout: 240_000 }, async () => {
  const { devDependencies: dev } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const origin = await mkdtemp(path.join(tmpdir(), 'promptgate-vendored-'));
  await writeFile(path.join(origin, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2));
  await writeFile(path.join(origin, '.gitignore'), 'node_modules/\n');
  await mkdir(path.join(origin, 'vendor'));
  const tarball = await packTarball();
  await copyFile(tarball, path.join(origin, 'vendor', path.basename(tarball)));
  const npm = (cwd: string, ...args: string[]) => exec('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, maxBuffer: 16 << 20 });
  await npm(origin, 'install', '-D', `./vendor/${path.basename(tarball)}`, `@anthropic-ai/sdk@${dev['@anthropic-ai/sdk']}`);
  const manifest = JSON.parse(await readFile(path.join(origin, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  expect(manifest.devDependencies.promptgate).toBe(`file:vendor/${path.basename(tarball)}`);

  const git = (cwd: string, ...args: string[]) => exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd });
  await git(origin, 'init', '-q');
  await git(origin, 'add', '.');
  await git(origin, 'commit', '-qm', 'promptgate from a committed tarball');
  const clone = `${origin}-clone`;
  await git(tmpdir(), 'clone', '-q', origin, clone);
  await expect(stat(path.join(clone, 'node_modules'))).rejects.toThrow(/ENOENT/);

  await npm(clone, 'ci');
  const { stdout } = await exec('npx', ['--no', 'promptgate', '--version'], { cwd: clone });
  expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

  // msw is a peer of the kits only: a CLI-only project gets none, and the MSW kit names the fix.
  await expect(stat(path.join(clone, 'node_modules/msw'))).rejects.toThrow(/ENOENT/);
  const kit = await exec(process.execPath, ['--input-type=module', '-e', "await import('promptgate/msw')"], { cwd: clone }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  expect(kit.code).not.toBe(0);
  expect(kit.stderr.split('\n').filter((l) => /^\w*Error\b/.test(l))).toEqual([
    'Error: promptgate/msw needs msw (>= 3), which is not installed: npm install -D msw',
  ]);
});
