/**
 * `promptgate init`: the files a repository needs to start, each written only when absent (or
 * with `force`), so running it twice, or in a repo that already has a workflow, is safe.
 */
import { existsSync, readdirSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { foldersUp } from '../folders-up.ts';
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
  /** Where it is written, when not at `file` under the project root. */
  target?: string;
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
];

/** The line of the workflow that names the project's folder when no variable or input does. */
const PROJECT_DIR_DEFAULT = "vars.PROMPTGATE_WORKING_DIRECTORY || '.' }}";

/**
 * The workflow, which GitHub reads only at the repository's root: a project in a subfolder (a
 * monorepo's packages/app) gets it there, with that folder as its default working directory.
 */
function workflow(root: string): Planned {
  const repository = repositoryOf(root) ?? root;
  const folder = path.relative(repository, root).split(path.sep).join('/');
  const target = path.join(repository, '.github', 'workflows', 'prompt-regression.yml');
  return {
    file: path.relative(root, target).split(path.sep).join('/'),
    target,
    content: async () => {
      const text = await template('prompt-regression.yml');
      // A function, not a replacement string: a folder named app$' would splice the template into the line.
      return folder ? text.replace(PROJECT_DIR_DEFAULT, () => `vars.PROMPTGATE_WORKING_DIRECTORY || '${folder.replace(/'/g, "''")}' }}`) : text;
    },
  };
}

/**
 * The nearest folder at or above `dir` that holds a `.git` (a folder, or a file in a worktree), where
 * it is a project's repository: it has a package.json (a monorepo's root does). A home folder kept in
 * git (dotfiles) is not where a project's workflow goes.
 */
function repositoryOf(dir: string): string | undefined {
  for (const at of foldersUp(dir)) if (existsSync(path.join(at, '.git'))) return existsSync(path.join(at, 'package.json')) ? at : undefined;
  return undefined;
}

export async function scaffold(root: string, force = false): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { created: [], overwritten: [], skipped: [] };
  for (const planned of [...PLAN, workflow(root)]) {
    const { file, content } = planned;
    const target = planned.target ?? path.join(root, ...file.split('/'));
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
