/**
 * `promptgate init`: the files a repository needs to start, each written only when absent (or
 * with `force`), so running it twice, or in a repo that already has a workflow, is safe.
 */
import { readdirSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic.ts';
import { packageFile } from '../package-root.ts';
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

/** tsc does not copy the templates into dist/, so both layouts read them from the package root. */
const template = (name: string) => readFile(packageFile(`src/init/templates/${name}`), 'utf8');

/** The example's recordings ship with it, so the first `promptgate run` after `init` is green offline, with no key. */
const recordings = readdirSync(packageFile('src/init/templates/fixtures/example'))
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name): Planned => ({ file: `fixtures/example/${name}`, content: () => template(`fixtures/example/${name}`) }));

const PLAN: Planned[] = [
  { file: 'suites/example.yaml', content: async (root) => (await template('example.yaml')).replace('{{SCHEMA}}', schemaRef(path.join(root, 'suites'), root)) },
  { file: 'fixtures/README.md', content: () => template('fixtures-README.md') },
  ...recordings,
  { file: '.github/workflows/prompt-regression.yml', content: () => template('prompt-regression.yml') },
];

export async function scaffold(root: string, force = false): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { created: [], overwritten: [], skipped: [] };
  for (const { file, content } of PLAN) {
    const target = path.join(root, ...file.split('/'));
    const exists = await access(target).then(
      () => true,
      () => false,
    );
    if (exists && !force) {
      result.skipped.push(file);
      continue;
    }
    await writeFileAtomic(target, await content(root));
    (exists ? result.overwritten : result.created).push(file);
  }
  return result;
}
