/**
 * A docs block that opens with the path of a file under examples/ (`# examples/…` in YAML,
 * `// examples/…` in TypeScript) shows that file, byte for byte: the examples run in CI, so the
 * docs show code that runs, and a suite shown this way is loaded beside the files it names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DOCS = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const shown = DOCS.flatMap((doc) => {
  const text = readFileSync(doc, 'utf8');
  return [...text.matchAll(/^(`{3,})\w+\n((?:# |\/\/ )(examples\/\S+)\n[\s\S]*?)^\1$/gm)].map((m) => ({ doc, file: m[3]!, code: m[2]! }));
});

describe('docs blocks that show an example file', () => {
  it('include the request builder’s suite and module', () => {
    expect(shown.map((b) => b.file)).toEqual(expect.arrayContaining(['examples/request-builder/suites/triage.yaml', 'examples/request-builder/src/triage.ts']));
  });

  it.each(shown.map((b) => [`${b.doc}: ${b.file}`, b] as const))('%s is that file, byte for byte', (_, b) => {
    const actual = (() => {
      try {
        return readFileSync(b.file, 'utf8');
      } catch {
        return `(missing: write ${b.file} from ${b.doc})`;
      }
    })();
    expect(actual, `${b.file} differs from its block in ${b.doc}`).toBe(b.code);
  });
});
