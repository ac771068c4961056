/**
 * The other tests spawn the bundled CLI (test/support/cli.ts). The sources must still run directly,
 * as Node strips their types: that is the development loop (`node src/cli/main.ts`) and what
 * bin/promptgate.js falls back to in a checkout that was never built.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CLI } from '../support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('runs from its TypeScript sources, with the same answer as the bundle', () => {
  const validate = (entry: string) => spawnSync(process.execPath, [entry, 'validate', 'examples/ticket-router/suites'], { cwd: ROOT, encoding: 'utf8' });
  const r = validate(path.join(ROOT, 'src/cli/main.ts'));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^✓ 1 suite, \d+ cases, \d+ assertions: all valid$/m);
  expect(r.stdout).toBe(validate(CLI).stdout);
});
