/**
 * The code in docs/msw.md and docs/vitest.md runs: each block that starts with a
 * `// examples/...test.ts` line is that test file, byte for byte, and the examples run in CI.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

async function fileBlocks(doc: string): Promise<{ file: string; code: string }[]> {
  const text = await readFile(path.join(root, doc), 'utf8');
  // A block may be fenced with more backticks than it contains (```` around a ```json string).
  return [...text.matchAll(/^(`{3,})ts\n(\/\/ (examples\/\S+\.test\.ts)\n[\s\S]*?)^\1$/gm)].map((m) => ({ file: m[3]!, code: m[2]! }));
}

describe.each(['docs/msw.md', 'docs/vitest.md'])('%s', (doc) => {
  test('has runnable examples, each identical to the example test it names', async () => {
    const blocks = await fileBlocks(doc);
    expect(blocks.length).toBeGreaterThan(1);
    for (const { file, code } of blocks) {
      const actual = await readFile(path.join(root, file), 'utf8').catch(() => `(missing: write ${file} from ${doc})`);
      expect(actual, `${file} differs from its block in ${doc}`).toBe(code);
    }
  });
});
