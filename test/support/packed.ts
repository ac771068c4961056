/**
 * What users install: `npm pack` of this checkout, installed into a fresh project that has its own
 * package.json and no link back here. Tests of the published artifact start from this.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const checkout = path.resolve(import.meta.dirname, '../..');

let tarball: Promise<string> | undefined;

/** Packs once per process (`prepare` builds dist/ first, as on a user's `npm pack`/git install). */
export function packTarball(): Promise<string> {
  tarball ??= (async () => {
    const dest = await mkdtemp(path.join(tmpdir(), 'promptgate-pack-'));
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dest], { cwd: checkout, maxBuffer: 16 << 20 });
    const [info] = JSON.parse(stdout) as [{ filename: string }];
    return path.join(dest, info.filename);
  })();
  return tarball;
}

/**
 * A new project with `files` written into it, then `npm install` of the tarball plus `deps`
 * (name → range). Returns its folder.
 */
export async function installedProject(files: Record<string, string> = {}, deps: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-user-'));
  const manifest = { name: 'user-project', private: true, type: 'module' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const specs = [await packTarball(), ...Object.entries(deps).map(([name, range]) => `${name}@${range}`)];
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], { cwd: dir, maxBuffer: 16 << 20 });
  return dir;
}
