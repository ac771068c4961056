/**
 * Node 22.12 to 22.17 cannot strip types without a flag; there promptgate's load hook (amaro) does.
 * `--no-experimental-strip-types` turns Node 24's own stripping off, so CI exercises that path on the
 * Node it runs: the same suite must load, and fail, exactly as it does with Node's stripper.
 */
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

const SUITE = `name: app
request: { module: ../src/esm.ts, export: build }
cases:
  - id: esm
    vars: { ticket: hi }
  - id: cjs
    request: { module: ../src/cjs.cts, export: build }
  - id: typed-cjs
    request: { module: ../legacy/old.ts, export: build }
  - id: typo
    request: { module: ../src/esm.ts, export: biuld }
  - id: syntax
    request: { module: ../src/bad.ts, export: build }
  - id: enum
    request: { module: ../src/enum.ts, export: build }
  - id: typed-esm
    request: { module: ../modern/new.ts, export: build }
  - id: detected-cjs
    request: { module: ../src/required.ts, export: build }
  - id: mts
    request: { module: ../src/new.mts, export: build }
  - id: cts
    request: { module: ../src/meta.cts, export: build }
`;

const FILES = {
  'suites/app.yaml': SUITE,
  // ESM by syntax (no package.json says), importing another TypeScript file.
  'src/esm.ts': `import { maxTokens } from './limits.ts';\nexport async function build({ caseId }: { caseId: string }) {\n  return { model: 'claude-haiku-4-5', max_tokens: maxTokens, messages: [{ role: 'user' as const, content: caseId }] };\n}\n`,
  'src/limits.ts': `export const maxTokens: number = 0;\n`,
  'src/cjs.cts': `const build = (input: { caseId: string }) => ({ model: 'claude-haiku-4-5', max_tokens: -1, messages: [{ role: 'user', content: input.caseId }] });\nmodule.exports = { build };\n`,
  // A .ts file is CommonJS when its package says so, as a .js file would be.
  'legacy/package.json': '{ "type": "commonjs" }\n',
  'legacy/old.ts': `exports.build = (input: { caseId: string }) => ({ model: 'claude-haiku-4-5', max_tokens: 1.5, messages: [{ role: 'user', content: input.caseId }] });\n`,
  // And ESM when its package says so, whatever its syntax: \`exports\` is then undefined, as Node has it.
  'modern/package.json': '{ "type": "module" }\n',
  'modern/new.ts': `exports.build = (): number => 1;\n`,
  // With no package type, syntax decides: no import or export makes it CommonJS. .mts and .cts say what they are.
  'src/required.ts': `exports.build = (input: { caseId: string }) => ({ model: 'claude-haiku-4-5', max_tokens: 2.5, messages: [{ role: 'user', content: input.caseId }] });\n`,
  'src/new.mts': `exports.build = (): number => 1;\n`,
  'src/meta.cts': `export const build = (): string => import.meta.url;\n`,
  'src/bad.ts': `export function build() {\n  const n: number = (;\n}\n`,
  'src/enum.ts': `enum Tier { Free }\nexport const build = () => Tier.Free;\n`,
};

async function validate(dir: string, nodeFlags: string[]) {
  return spawnCli(['validate'], { cwd: dir, nodeFlags });
}

describe('TypeScript where Node does not strip types', () => {
  it('loads ESM, .cts and a CommonJS package’s .ts, and reports each failure as Node’s own stripper does', async () => {
    const dir = await tempProject(FILES);
    const native = await validate(dir, []);
    const hooked = await validate(dir, ['--no-experimental-strip-types']);
    const at = (line: number) => `suites/app.yaml:${line}:${line === 2 ? 10 : 14}: error: request: `;
    // Each builder ran (its request's max_tokens, from an imported .ts for the first, is refused), and each failure is placed.
    const refused = (file: string, id: string, value: string) =>
      `${file}#build returned a request for case '${id}' the API would refuse: max_tokens is ${value}, not a whole number above 0`;
    const expected = [
      `${at(2)}${refused('../src/esm.ts', 'esm', '0')}`,
      `${at(7)}${refused('../src/cjs.cts', 'cjs', '-1')}`,
      `${at(9)}${refused('../legacy/old.ts', 'typed-cjs', '1.5')}`,
      `${at(11)}../src/esm.ts has no export 'biuld' (did you mean 'build'?); its functions: build`,
      `${at(13)}module ../src/bad.ts does not load: SyntaxError: Expression expected (../src/bad.ts:2:22)`,
      `${at(15)}module ../src/enum.ts does not load: SyntaxError: TypeScript enum is not supported in strip-only mode (../src/enum.ts:1:1)`,
      `${at(17)}module ../modern/new.ts does not load: ReferenceError: exports is not defined in ES module scope (../modern/new.ts:1:1)`,
      `${at(19)}${refused('../src/required.ts', 'detected-cjs', '2.5')}`,
      `${at(21)}module ../src/new.mts does not load: ReferenceError: exports is not defined in ES module scope (../src/new.mts:1:1)`,
      `${at(23)}module ../src/meta.cts does not load: SyntaxError: Unexpected token 'export' (../src/meta.cts:1:1)`,
    ];
    // Node itself warns about the ESM syntax in meta.cts, before promptgate says anything.
    const errors = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('suites/'));
    for (const { stderr } of [native, hooked]) {
      expect(stderr).toMatch(/^\(node:\d+\) Warning: Failed to load the ES module: .*meta\.cts/);
      expect(errors(stderr)).toEqual(expected);
    }
    expect([native.code, hooked.code]).toEqual([2, 2]);
  });
});
