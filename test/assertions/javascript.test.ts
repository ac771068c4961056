import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAssertions } from '../../src/assertions/evaluate.ts';
import { registry } from '../../src/assertions/registry.ts';
import { context, output, run } from './fixture.ts';

/**
 * Node before 22.18 (the floor is 22.12) neither places an ESM syntax error (`node --check` prints
 * nothing for one) nor, inside vitest, imports the module natively (vite's import analysis reports
 * it instead): there promptgate says the module does not load, without the line.
 */
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const placesSyntaxErrors = major > 22 || (major === 22 && minor >= 18);
const SYNTAX = "module checks/syntax.js does not load: SyntaxError: Unexpected token ';' (checks/syntax.js:1:19)";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pg-js-'));
  await mkdir(path.join(dir, 'checks'));
  await writeFile(
    path.join(dir, 'checks', 'x.js'),
    [
      'export default (text) => text.length < 20;',
      'export const score = (text) => text.split(" ").length / 10;',
      'export const polite = async (text, ctx) => ({ pass: /please/i.test(text), reason: `case ${ctx.case.id}: ${ctx.output.usage.output_tokens} tokens` });',
      'export const broken = (text) => {',
      '  return text.nope.length;',
      '};',
      'export const vague = () => "yes";',
      'export const big = () => 7;',
      'export const notFn = 3;',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'checks', 'syntax.js'), 'export const a = (;\n');
});
const ctx = () => ({ suiteDir: dir });
const check = (ref: string) => registry.get('javascript')!.check!(ref, { suiteDir: dir, grader: {} });

describe('javascript', () => {
  it('boolean, score and object results', async () => {
    expect(await run('javascript', 'checks/x.js', 'short', ctx())).toEqual({ pass: true, reason: 'checks/x.js#default returned true' });
    expect(await run('javascript', 'checks/x.js#score', 'one two three', ctx())).toEqual({
      pass: false,
      score: 0.3,
      reason: 'checks/x.js#score scored 0.3 (passes at 0.5 or more)',
    });
    expect(await run('javascript', 'checks/x.js#polite', 'Please hold', ctx())).toEqual({ pass: true, reason: 'case c1: 40 tokens' });
  });

  it('a throw is an error verdict naming the module and line, not a crash', async () => {
    const [r] = await evaluateAssertions(
      [{ name: 'javascript', args: 'checks/x.js#broken', weight: 1, target: 'text', loc: { file: 's.yaml', line: 4, col: 9 } }],
      context(output('hi'), ctx()),
    );
    expect(r).toMatchObject({
      error: true,
      pass: false,
      reason: "javascript could not run: checks/x.js#broken threw TypeError: Cannot read properties of undefined (reading 'length') (checks/x.js:5:20)",
    });
  });

  it('a result of the wrong shape is an error', async () => {
    await expect(run('javascript', 'checks/x.js#vague', 'hi', ctx())).rejects.toThrow(
      'checks/x.js#vague returned "yes"; return a boolean, a score from 0 to 1, or { pass, score?, reason? }',
    );
    await expect(run('javascript', 'checks/x.js#big', 'hi', ctx())).rejects.toThrow('checks/x.js#big returned 7; a score is a number from 0 to 1');
  });

  it('check: the module exists, loads, and has the export', async () => {
    expect(await check('checks/x.js#polite')).toEqual([]);
    expect(await check('checks/missing.js')).toEqual([`module checks/missing.js not found (looked for ${path.join(dir, 'checks', 'missing.js')})`]);
    expect(await check('checks/x.js#polit')).toEqual([
      "checks/x.js has no export 'polit' (did you mean 'polite'?); its functions: big, broken, default, polite, score, vague",
    ]);
    expect(await check('checks/x.js#notFn')).toEqual([
      "checks/x.js exports 'notFn' as number, not a function; its functions: big, broken, default, polite, score, vague",
    ]);
    if (placesSyntaxErrors) expect(await check('checks/syntax.js')).toEqual([SYNTAX]);
    else expect(await check('checks/syntax.js')).toEqual([expect.stringMatching(/^module checks\/syntax\.js does not load: /)]);
  });

  it('under plain Node (as the CLI runs), a throw points at the line', async () => {
    const script = [
      `import { registry } from ${JSON.stringify(path.resolve('src/assertions/registry.ts'))};`,
      `const def = registry.get('javascript');`,
      `console.log(JSON.stringify(await def.check('checks/syntax.js', { suiteDir: ${JSON.stringify(dir)}, grader: {} })));`,
      `const output = { text: 'hi', usage: {} };`,
      `try { await def.evaluate('checks/x.js#broken', 'hi', { suiteDir: ${JSON.stringify(dir)}, output, case: { id: 'c' } }); } catch (e) { console.log(e.message); }`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(stdout.split('\n')).toEqual([
      JSON.stringify([placesSyntaxErrors ? SYNTAX : "module checks/syntax.js does not load: SyntaxError: Unexpected token ';'"]),
      "checks/x.js#broken threw TypeError: Cannot read properties of undefined (reading 'length') (checks/x.js:5:20)",
      '',
    ]);
  });
});
