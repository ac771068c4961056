/**
 * The other tests run the bundled CLI (test/support/cli.ts). The sources must still run directly,
 * as Node strips their types: that is the development loop (`node src/cli/main.ts`) and what
 * bin/promptgate.js falls back to in a checkout that was never built.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { spawnCli } from '../support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('runs from its TypeScript sources, with the same answer as the bundle', async () => {
  const validate = (entry?: string) => spawnCli(['validate', 'examples/ticket-router/suites'], { cwd: ROOT, ...(entry ? { entry } : {}) });
  const r = await validate(path.join(ROOT, 'src/cli/main.ts'));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^✓ 1 suite, \d+ cases, \d+ assertions: all valid$/m);
  expect(r.stdout).toBe((await validate()).stdout);
});
