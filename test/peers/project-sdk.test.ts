/**
 * The run calls the SDK the project imports. npm hoists promptgate to a workspace's root, where its
 * own resolution found the root's SDK (0.137, anthropic-version 2023-06-01) while the app in
 * packages/app had 1.x (an outside-in trial). The bin's resolve hook asks the project first; where
 * the hook cannot run (a library caller, Node < 22.15), the run warns.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResolveHookContext } from 'node:module';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.ts';
import { projectSdkHook } from '../../bin/project-sdk.js';
import { installedSdkVersion, projectSdkVersion, sdkMismatch } from '../../src/models/api-version.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** A project whose node_modules holds an SDK of `version` (its version module only). */
function projectWithSdk(version: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-project-sdk-'));
  const sdk = path.join(dir, 'node_modules/@anthropic-ai/sdk');
  mkdirSync(sdk, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"app","private":true}\n');
  // Its exports map as the SDK's own: ./version for import and for require.
  const exports = { './version': { import: './version.mjs', require: './version.js' } };
  writeFileSync(path.join(sdk, 'package.json'), JSON.stringify({ name: '@anthropic-ai/sdk', version, exports }));
  writeFileSync(path.join(sdk, 'version.js'), `exports.VERSION = '${version}';\n`);
  writeFileSync(path.join(sdk, 'version.mjs'), `export const VERSION = '${version}';\n`);
  return dir;
}

/** What promptgate's own files import and require as the SDK's version, run from `cwd` with the bin's hook in place. */
function versionsSeen(cwd: string): string {
  const script = `const { projectSdkHook } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'bin/project-sdk.js')).href)});
const module = await import('node:module');
const hook = projectSdkHook(process.cwd(), ${JSON.stringify(pathToFileURL(root + '/').href)});
if (hook) module.registerHooks({ resolve: hook });
const { installedSdkVersion } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/models/api-version.ts')).href)});
const imported = (await import(${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'sdk-version-probe.mjs')).href)})).VERSION;
console.log(imported, installedSdkVersion());`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

it("resolves the SDK from the project first, for promptgate's own imports and requires, through Node's hooks", () => {
  // The client (an import) and the version the run reports (a require) are the project's.
  expect(versionsSeen(projectWithSdk('0.137.0'))).toBe('0.137.0 0.137.0');
  // A project with none: promptgate's own copy, as without the hook.
  const own = installedSdkVersion()!;
  expect(versionsSeen(mkdtempSync(path.join(tmpdir(), 'promptgate-no-sdk-')))).toBe(`${own} ${own}`);
  expect(own).not.toBe('0.137.0');
});

it('leaves other imports alone, and falls back to promptgate`s own SDK where the project has none', () => {
  const packageRoot = pathToFileURL(root + '/').href;
  const asked: string[] = [];
  const next = (specifier: string, context?: Partial<ResolveHookContext>) => {
    asked.push(`${specifier} from ${context?.parentURL}`);
    return { url: 'file:///resolved' };
  };
  /** An ESM import's context, from `parentURL`. */
  const from = (parentURL: string): ResolveHookContext => ({ parentURL, conditions: ['node', 'import'], importAttributes: {} });
  const app = projectWithSdk('0.137.0');
  const hook = projectSdkHook(app, packageRoot)!;
  hook('@anthropic-ai/sdk', from(`${packageRoot}dist/cli/main.js`), next);
  hook('msw', from(`${packageRoot}dist/cli/main.js`), next);
  hook('@anthropic-ai/sdk/resources', from('file:///app/src/app.js'), next);
  // No hook where the project has none, or the same copy promptgate finds (its own checkout): each import then costs nothing more.
  expect(projectSdkHook('/', packageRoot)).toBeUndefined();
  expect(projectSdkHook(root, packageRoot)).toBeUndefined();
  expect(asked).toEqual([
    `@anthropic-ai/sdk from ${pathToFileURL(path.join(app, 'package.json')).href}`,
    `msw from ${packageRoot}dist/cli/main.js`,
    '@anthropic-ai/sdk/resources from file:///app/src/app.js',
  ]);
});

it('says so where the project imports another SDK than the one promptgate calls', () => {
  const dir = projectWithSdk('0.137.0');
  expect(projectSdkVersion(dir)).toBe('0.137.0');
  expect(sdkMismatch(dir)).toBe(
    `this project imports @anthropic-ai/sdk 0.137.0 (anthropic-version 2023-06-01), but promptgate calls ${installedSdkVersion()} (anthropic-version 2026-10-21), the one beside it where it is installed (a workspace's root?): run the promptgate command (its bin picks the project's SDK on Node >= 22.15), or pin the API version with --api-version 2023-06-01`,
  );
  expect(sdkMismatch(root)).toBeUndefined();
  expect(sdkMismatch(tmpdir())).toBeUndefined();
});

it('the bin registers the hook: a run in a project with another SDK reports and calls that one', async () => {
  // A copy of the SDK that says it is 0.137.99: its files are links to this checkout's, but for its version.
  const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-other-sdk-'));
  const real = path.join(root, 'node_modules/@anthropic-ai/sdk');
  const sdk = path.join(dir, 'node_modules/@anthropic-ai/sdk');
  mkdirSync(sdk, { recursive: true });
  for (const name of readdirSync(real)) if (!/^(version\.m?js|package\.json)$/.test(name)) symlinkSync(path.join(real, name), path.join(sdk, name));
  writeFileSync(path.join(sdk, 'package.json'), JSON.stringify({ ...JSON.parse(readFileSync(path.join(real, 'package.json'), 'utf8')), version: '0.137.99' }));
  writeFileSync(path.join(sdk, 'version.js'), "exports.VERSION = '0.137.99';\n");
  writeFileSync(path.join(sdk, 'version.mjs'), "export const VERSION = '0.137.99';\n");
  writeFileSync(path.join(dir, 'package.json'), '{"name":"app","private":true}\n');
  expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
  const r = await spawnCli(['run'], { cwd: dir });
  // The example's recordings were made under 1.x's API version, so the run is stale; the footer says whose SDK it called.
  expect(r.stdout).toContain('API version 2023-06-01 · @anthropic-ai/sdk 0.137.99');
});

it('the run warns where it calls another SDK than the project imports (the library, which no hook redirects)', async () => {
  const dir = projectWithSdk('0.137.0');
  const { runSequence } = await import('../../src/run-sequence.ts');
  const { runContext } = await import('../../src/run-context.ts');
  expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
  let err = '';
  await runSequence(
    { paths: ['suites/'], mode: 'replay', stderr: { write: (s: string | Uint8Array) => void (err += String(s)) } },
    runContext({ cwd: dir, env: {} }),
  );
  expect(err).toContain(
    `promptgate: warning: this project imports @anthropic-ai/sdk 0.137.0 (anthropic-version 2023-06-01), but promptgate calls ${installedSdkVersion()}`,
  );
});
