import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const files = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`),
  '.github/actions/promptgate/action.yml',
  ...readdirSync(path.join(ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
];

it('every install and action reference in the docs pins the same ref, the package version', () => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const refs = files.flatMap((f) =>
    [...readFileSync(path.join(ROOT, f), 'utf8').matchAll(/OWNER\/promptgate(?:\.git#|\/\.github\/actions\/promptgate@)(\S+?)[`\s]/g)].map(
      (m) => `${f}: ${m[1]}`,
    ),
  );
  expect(refs.length).toBeGreaterThanOrEqual(4);
  expect(refs.filter((r) => !r.endsWith(`: v${version}`))).toEqual([]);
});
