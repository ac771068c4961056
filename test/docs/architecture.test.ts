import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## How it is built'), readme.indexOf('Choices worth knowing'));

it("the README's map of the code names every folder under src/, and only paths that exist", () => {
  const named = new Set([...section.matchAll(/`?((?:src|reporters|schema)\/[\w./-]*)`?/g)].map((m) => m[1]!.replace(/\/$/, '')));
  const missing = [...named].filter((p) => !existsSync(path.join(ROOT, p)));
  expect(missing).toEqual([]);
  const folders = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/${e.name}`);
  expect(folders.filter((f) => ![...named].some((p) => p === f || p.startsWith(`${f}/`)))).toEqual([]);
});
