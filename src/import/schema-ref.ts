/**
 * The `# yaml-language-server: $schema=` path for a suite written in `fromDir`: relative to the
 * promptgate schema the project itself resolves, so editors find it; a promptgate run from
 * outside the project (npx cache) points at where `npm i -D promptgate` will put it.
 */
import path from 'node:path';
import { packageFile } from '../package-root.ts';

export function schemaRef(fromDir: string, cwd = process.cwd()): string {
  let schema = packageFile('schema/suite.schema.json');
  if (path.relative(cwd, schema).startsWith('..')) schema = path.join(cwd, 'node_modules', 'promptgate', 'schema', 'suite.schema.json');
  const rel = path.relative(path.resolve(cwd, fromDir), schema).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}
