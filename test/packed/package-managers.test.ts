/**
 * The tarball installed with pnpm and with yarn, as projects that use them have it: the package
 * manager's own `add` of the tarball, the SDK, vitest and msw (the kits' peers, which the project
 * owns), then `init`, an offline replay `run`, and the ticket-router example's own vitest run (both
 * kits) through that manager's exec. pnpm's strict layout is where a kit importing something the
 * project did not declare shows: the app's `msw/node` and promptgate/msw must be one msw.
 * The two projects install and run at once; each one's steps run in order.
 */
import { execFile } from 'node:child_process';
import { cp, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { installedWith, managersDir, type Manager } from '../support/packed.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/ticket-router');
const { devDependencies: dev } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const { version: vite } = JSON.parse(await readFile(path.join(ROOT, 'node_modules/vite/package.json'), 'utf8')) as { version: string };
// Yarn installs no peer by itself: vite (vitest's peer) is added as such a project adds it.
const DEPS = { ...Object.fromEntries(['@anthropic-ai/sdk', 'vitest', 'msw'].map((name) => [name, dev[name]!])), vite };

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

const projects = new Map<Manager, Promise<string>>();

/** `<manager> exec <args>` (yarn: `yarn <args>`) in the project, with no key: a user's plain terminal. */
async function run(manager: Manager, args: string[]): Promise<Outcome> {
  const cwd = await projects.get(manager)!;
  const tool = path.join(await managersDir(), 'node_modules/.bin', manager);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ANTHROPIC_|GITHUB_|PROMPTGATE_)/.test(k)));
  return promisify(execFile)(tool, manager === 'pnpm' ? ['exec', ...args] : args, { cwd, env, maxBuffer: 16 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: Outcome) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

beforeAll(async () => {
  for (const manager of ['pnpm', 'yarn'] as const) {
    projects.set(
      manager,
      (async () => {
        const dir = await installedWith(manager, {}, DEPS);
        for (const part of ['src', 'suites', 'fixtures', 'test']) await cp(path.join(EXAMPLE, part), path.join(dir, 'app', part), { recursive: true });
        return dir;
      })(),
    );
  }
  // Each test awaits its own project and fails with the install's error.
  for (const p of projects.values()) p.catch(() => {});
  await managersDir();
}, 240_000);

describe.concurrent.each(['pnpm', 'yarn'] as const)('installed from the tarball with %s', { timeout: 240_000 }, (manager) => {
  it('init, then the first run replays green offline with no key', async () => {
    const init = await run(manager, ['promptgate', 'init']);
    expect(init.stdout).toContain('created      suites/example.yaml');
    expect(init.code).toBe(0);
    const replay = await run(manager, ['promptgate', 'run']);
    expect(replay.stdout).toMatch(/^3 passed, 0 failed, 0 errored, 0 skipped \(3 cases, replay\)/m);
    expect(replay.code).toBe(0);
  });

  it("the project's own vitest runs both kits (the ticket-router example), and its msw is the kit's", async () => {
    const dir = await projects.get(manager)!;
    const tests = await readdir(path.join(dir, 'app/test'));
    expect(tests).toEqual(expect.arrayContaining(['prompts.test.ts', 'docs-msw-setup.test.ts']));
    const r = await run(manager, ['vitest', 'run', '--root', 'app']);
    expect(stripVTControlCharacters(r.stdout), r.stderr).toMatch(new RegExp(`Test Files +${tests.length} passed`));
    expect(r.code).toBe(0);
    // One msw on disk: the project's, which promptgate resolves too (a peer, not a second copy).
    const kitMsw = await realpath(path.join(await realpath(path.join(dir, 'node_modules/promptgate')), '../msw'))
      .catch(() => realpath(path.join(dir, 'node_modules/promptgate/node_modules/msw')))
      .catch(() => realpath(path.join(dir, 'node_modules/msw')));
    expect(kitMsw).toBe(await realpath(path.join(dir, 'node_modules/msw')));
  });
});
