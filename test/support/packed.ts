/**
 * What users install: `npm pack` of this checkout, installed into a fresh project that has its own
 * package.json and no link back here. Tests of the published artifact start from this.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
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
    const parts = new Set([...files.filter((f) => f !== 'dist' && !f.startsWith('!')), 'package.json', 'LICENSE', '.gitignore', 'tsconfig.json', 'tsconfig.build.json', 'src', 'reporters', 'scripts/bundle-cli.js']);
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
