/**
 * A missing peer is told apart from one that fails to load, as Node says it and as Yarn Plug'n'Play
 * does: under PnP a missing SDK was taken for a crash (exit 4 and a stack, an outside-in trial).
 * The PnP errors are shaped as Yarn 4 throws them (code, pnpCode, its message), since the tests run
 * under node_modules.
 */
import { expect, it } from 'vitest';
import { isMissingPackage } from '../../src/transport/missing-package.ts';

it("takes Node's own error for a package that is not installed, naming that package only", async () => {
  const error = await import('promptgate-no-such-package' as string).catch((e: unknown) => e);
  expect(isMissingPackage(error, 'promptgate-no-such-package')).toBe(true);
  expect(isMissingPackage(error, 'msw')).toBe(false);
});

it("takes Yarn Plug'n'Play's missing peer and undeclared dependency, for the package it names", () => {
  const pnp = (pnpCode: string, name: string) =>
    Object.assign(
      new Error(
        `promptgate tried to access ${name} (a peer dependency) but it isn't provided by its ancestors; this makes the require call ambiguous and unsound.`,
      ),
      {
        code: 'MODULE_NOT_FOUND',
        pnpCode,
      },
    );
  expect(isMissingPackage(pnp('MISSING_PEER_DEPENDENCY', '@anthropic-ai/sdk'), '@anthropic-ai/sdk')).toBe(true);
  expect(isMissingPackage(pnp('UNDECLARED_DEPENDENCY', 'msw'), 'msw')).toBe(true);
  expect(isMissingPackage(pnp('MISSING_PEER_DEPENDENCY', 'msw'), '@anthropic-ai/sdk')).toBe(false);
  expect(isMissingPackage(pnp('UNDECLARED_DEPENDENCY', 'msw-foo'), 'msw')).toBe(false);
});

it('leaves a package that is there but fails to load to its own error', () => {
  expect(isMissingPackage(new SyntaxError("Unexpected token 'export'"), 'msw')).toBe(false);
  expect(isMissingPackage(Object.assign(new Error("Cannot find module './x.js' imported from msw"), { code: 'ERR_MODULE_NOT_FOUND' }), 'msw')).toBe(false);
  expect(isMissingPackage(undefined, 'msw')).toBe(false);
});

it("names the install in the project's own package manager, from its lockfile here or above (a workspace's root)", async () => {
  const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { installCommand } = await import('../../src/transport/missing-package.ts');
  const repo = mkdtempSync(path.join(tmpdir(), 'promptgate-pm-hint-'));
  const app = path.join(repo, 'packages/app');
  mkdirSync(app, { recursive: true });
  expect(installCommand('msw', { dev: true, dir: app })).toBe('npm install -D msw');
  writeFileSync(path.join(repo, 'yarn.lock'), '');
  expect(installCommand('@anthropic-ai/sdk', { dir: app })).toBe('yarn add @anthropic-ai/sdk');
  writeFileSync(path.join(app, 'pnpm-lock.yaml'), '');
  expect(installCommand('vitest', { dev: true, dir: app })).toBe('pnpm add -D vitest');
});
