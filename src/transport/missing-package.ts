import { existsSync } from 'node:fs';
import path from 'node:path';
import { foldersUp } from '../folders-up.ts';

/**
 * Whether an import failed only because package `name` is not installed, as Node says it
 * (ERR_MODULE_NOT_FOUND naming the package) and as Yarn Plug'n'Play does (a peer its ancestors do not
 * provide, or a dependency not declared: MODULE_NOT_FOUND with a pnpCode, "tried to access <name>").
 * A package that is there but fails to load is not missing: its own error stands.
 */
export function isMissingPackage(e: unknown, name: string): boolean {
  const { code, pnpCode, message } = (e ?? {}) as { code?: unknown; pnpCode?: unknown; message?: unknown };
  const text = String(message);
  if (code === 'ERR_MODULE_NOT_FOUND') return text.includes(`package '${name}'`);
  // The name ends where Yarn's sentence goes on (" (a peer dependency)", " but it isn't declared"): msw is not msw-foo.
  return (pnpCode === 'MISSING_PEER_DEPENDENCY' || pnpCode === 'UNDECLARED_DEPENDENCY') && text.includes(`tried to access ${name} `);
}

/**
 * The command that installs `name` in the project at `dir`, in the words of its package manager, as
 * its lockfile (here or in a workspace's root above) says: `yarn add` under Yarn, where `npm install`
 * would leave Plug'n'Play without it.
 */
export function installCommand(name: string, { dev = false, dir = process.cwd() } = {}): string {
  const flag = dev ? ' -D' : '';
  for (const at of foldersUp(dir)) {
    if (existsSync(path.join(at, 'pnpm-lock.yaml'))) return `pnpm add${flag} ${name}`;
    if (existsSync(path.join(at, 'yarn.lock'))) return `yarn add${flag} ${name}`;
    if (existsSync(path.join(at, 'package-lock.json'))) break;
  }
  return `npm install${flag} ${name}`;
}
