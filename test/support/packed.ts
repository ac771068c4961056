/**
 * What users install: `npm pack` of this checkout, installed into a fresh project that has its own
 * package.json and no link back here. Tests of the published artifact start from this.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const checkout = path.resolve(import.meta.dirname, '../..');

let tarball: Promise<string> | undefined;

/**
 * Packs once per process (`prepare` builds dist/ first, as on a user's `npm pack`/git install).
 * It packs a copy of what the package is made from (the manifest's `files` but dist/, and what
 * `prepare` compiles), so that build writes the copy's dist/, not this checkout's: other test files
 * run the checkout's dist/ (node_modules/.bin/promptgate) at the same time, and a build rewriting
 * it under them made them exit 1 or 4 now and then.
 */
export function packTarball(): Promise<string> {
  tarball ??= (async () => {
    const dest = await mkdtemp(path.join(tmpdir(), 'promptgate-pack-'));
    const source = path.join(dest, 'package');
    const { files } = JSON.parse(await readFile(path.join(checkout, 'package.json'), 'utf8')) as { files: string[] };
    const parts = new Set([
      ...files.filter((f) => f !== 'dist' && !f.startsWith('!')),
      'package.json',
      'LICENSE',
      '.gitignore',
      'tsconfig.json',
      'tsconfig.build.json',
      'src',
      'reporters',
      'scripts/bundle-cli.js',
    ]);
    for (const part of parts) await cp(path.join(checkout, part), path.join(source, part), { recursive: true });
    // The compiler and @types/node for `prepare`; npm pack never packs node_modules/.
    await symlink(path.join(checkout, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dest], { cwd: source, maxBuffer: 16 << 20 });
    const [info] = JSON.parse(stdout) as [{ filename: string }];
    return path.join(dest, info.filename);
  })();
  return tarball;
}

/**
 * A new project with `files` written into it, then `npm install` of the tarball plus `deps`
 * (name → range), with `npmFlags` (e.g. `--legacy-peer-deps`, which installs no peer). Returns its folder.
 */
export async function installedProject(files: Record<string, string> = {}, deps: Record<string, string> = {}, npmFlags: string[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-user-'));
  const manifest = { name: 'user-project', private: true, type: 'module' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const specs = [await packTarball(), ...Object.entries(deps).map(([name, range]) => `${name}@${range}`)];
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...npmFlags, ...specs], { cwd: dir, maxBuffer: 16 << 20 });
  return dir;
}

/** The package managers a project may use besides npm, pinned; fetched from the npm registry once. */
export const MANAGERS = { pnpm: 'pnpm@12.25.1', yarn: '@yarnpkg/cli-dist@4.18.1' } as const;
export type Manager = keyof typeof MANAGERS;

let managers: Promise<string> | undefined;

/**
 * The folder whose node_modules/.bin holds pnpm and yarn. Kept in the temp folder under a name that
 * holds the pinned versions, so later runs (and other test files) reuse it; installed beside it and
 * renamed into place, so two processes that race each leave a whole one.
 */
export function managersDir(): Promise<string> {
  managers ??= (async () => {
    const dir = path.join(
      tmpdir(),
      `promptgate-managers-${Object.values(MANAGERS)
        .join('-')
        .replace(/[^\w.-]/g, '_')}`,
    );
    if (await stat(path.join(dir, 'node_modules/.bin/yarn')).catch(() => undefined)) return dir;
    const staging = await mkdtemp(`${dir}-staging-`);
    await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', staging, ...Object.values(MANAGERS)], { maxBuffer: 16 << 20 });
    await rename(staging, dir).catch(async (e: NodeJS.ErrnoException) => {
      // Another process put its copy there first: keep that one.
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
      await rm(staging, { recursive: true, force: true });
    });
    return dir;
  })();
  return managers;
}

/**
 * Like installedProject, with pnpm or yarn: the tarball plus `deps` added with that manager's own
 * `add`. Yarn uses its node_modules linker (Plug'n'Play is a layout of its own, not tested here).
 */
export async function installedWith(manager: Manager, files: Record<string, string> = {}, deps: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `promptgate-${manager}-`));
  const manifest = { name: 'user-project', private: true, type: 'module' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [name, content] of Object.entries({ ...(manager === 'yarn' ? { '.yarnrc.yml': 'nodeLinker: node-modules\n' } : {}), ...files })) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const tool = path.join(await managersDir(), 'node_modules/.bin', manager);
  const specs = Object.entries(deps).map(([name, range]) => `${name}@${range}`);
  // The CI environment variable turns on yarn's and pnpm's frozen lockfiles; this project has none yet.
  const env = { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', YARN_ENABLE_TELEMETRY: 'false' };
  const tarball = manager === 'yarn' ? `promptgate@file:${await packTarball()}` : await packTarball();
  await exec(tool, ['add', tarball, ...specs], { cwd: dir, env, maxBuffer: 16 << 20 });
  return dir;
}
