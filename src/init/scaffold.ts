/**
 * `promptgate init`: the files a repository needs to start, each written only when absent (or
 * with `force`), so running it twice, or in a repo that already has a workflow, is safe.
 */
import { existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../fs/atomic.ts';
import { schemaRef } from '../import/schema-ref.ts';

export interface ScaffoldResult {
  created: string[];
  overwritten: string[];
  skipped: string[];
}

interface Planned {
  /** Relative to the project root, '/'-separated. */
  file: string;
  content: (root: string) => Promise<string>;
}

/** The templates live beside this module in src/; tsc does not copy them, so dist/ finds them from the package root. */
function templatesDir(): string {
  const here = fileURLToPath(new URL('./templates/', import.meta.url));
  if (existsSync(here)) return here;
  return path.join(path.dirname(fileURLToPath(import.meta.resolve('promptgate/package.json'))), 'src', 'init', 'templates');
}

const template = (name: string) => readFile(path.join(templatesDir(), name), 'utf8');

const PLAN: Planned[] = [
  { file: 'suites/example.yaml', content: async (root) => (await template('example.yaml')).replace('{{SCHEMA}}', schemaRef(path.join(root, 'suites'), root)) },
  { file: 'fixtures/README.md', content: () => template('fixtures-README.md') },
  { file: '.github/workflows/prompt-regression.yml', content: () => template('prompt-regression.yml') },
];

export async function scaffold(root: string, force = false): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { created: [], overwritten: [], skipped: [] };
  for (const { file, content } of PLAN) {
    const target = path.join(root, ...file.split('/'));
    const exists = await access(target).then(() => true, () => false);
    if (exists && !force) {
      result.skipped.push(file);
      continue;
    }
    await writeFileAtomic(target, await content(root));
    (exists ? result.overwritten : result.created).push(file);
  }
  return result;
}
