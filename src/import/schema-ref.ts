/**
 * The `# yaml-language-server: $schema=` path for a suite written in `fromDir`: relative to the
 * promptgate schema the project itself resolves, so editors find it; a promptgate run from
 * outside the project (npx cache) points at where `npm i -D promptgate` will put it.
 */
import path from 'node:path';
import { packageFile } from '../package-root.ts';

export function schemaRef(fromDir: string, cwd = process.cwd(), schema = packageFile('schema/suite.schema.json')): string {
  // The project holding this promptgate: the folder of its node_modules, or the checkout itself.
  const pkg = path.dirname(path.dirname(schema));
  const project = path.basename(path.dirname(pkg)) === 'node_modules' ? path.dirname(path.dirname(pkg)) : pkg;
  // Run from inside it (a subfolder too), it is the project's own copy; from outside (npx), not.
  const inside = !path.relative(project, cwd).startsWith('..') && !path.isAbsolute(path.relative(project, cwd));
  const target = inside ? schema : path.join(cwd, 'node_modules', 'promptgate', 'schema', 'suite.schema.json');
  const rel = path.relative(path.resolve(cwd, fromDir), target).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}
