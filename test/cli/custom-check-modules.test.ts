/**
 * Custom checks load as Node loads them, in any project: the shipped suites validate in a CommonJS
 * project (`"type": "commonjs"`, as `npm init` writes; their checks are .mjs), and there a .js check
 * is CommonJS, a .mjs one ESM.
 */
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const validate = (cwd: string) => runCli(['validate', 'suites/'], { cwd });

it('the shipped suites validate in a CommonJS project', async () => {
  const dir = await tempProject({ 'package.json': '{ "name": "app", "private": true, "type": "commonjs" }\n' });
  await cp(path.join(ROOT, 'suites'), path.join(dir, 'suites'), { recursive: true });
  const r = await validate(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

it('in a CommonJS project, a .js check is CommonJS and a .mjs check is ESM', async () => {
  const dir = await tempProject({
    'package.json': '{ "name": "app", "private": true, "type": "commonjs" }\n',
    'suites/checks/short.js': 'exports.short = (text) => text.length < 20;\n',
    'suites/checks/polite.mjs': 'export default (text) => /please/i.test(text);\n',
    'suites/s.yaml':
      'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\ncases:\n  - id: a\n    prompt: hi\n    assert:\n      - javascript: checks/short.js#short\n      - javascript: checks/polite.mjs\n',
  });
  const r = await validate(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // The same ESM syntax in a .js file is what Node refuses in a CommonJS project: validate says so (exit 2).
  // A process of its own: one that has loaded the check keeps the module it loaded.
  await writeFile(path.join(dir, 'suites/checks/short.js'), 'export const short = (text) => text.length < 20;\n');
  const esm = await spawnCli(['validate', 'suites/'], { cwd: dir });
  expect(esm.code).toBe(2);
  expect(esm.stderr).toContain('checks/short.js');
  expect(esm.stderr).toContain('; Node reads this file as CommonJS: name it .mjs, or say "type": "module" in the package.json nearest to it');
});

it('the examples with TypeScript modules run when copied into a CommonJS project: each says its own type', async () => {
  const dir = await tempProject({ 'package.json': '{ "name": "app", "private": true, "type": "commonjs" }\n' });
  for (const example of ['support-desk', 'request-builder', 'ticket-router']) {
    await cp(path.join(ROOT, 'examples', example), path.join(dir, example), { recursive: true });
    // A process of its own: Node, not vitest's loader, decides what kind of module a .ts file is.
    const r = await spawnCli(['run', `${example}/suites`, '--fixtures', `${example}/fixtures`], { cwd: dir });
    expect(r.stderr, example).not.toContain('error');
    expect(r.code, example).toBe(0);
  }
});
