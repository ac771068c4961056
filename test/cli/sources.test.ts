/**
 * The other tests spawn the bundled CLI through the bin (test/support/cli.ts). The sources must
 * still run directly, as Node strips their types: bin/promptgate.js falls back to them in a
 * checkout that was never built, and that is the development loop without a rebuild.
 */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { spawnCli } from '../support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('runs from its TypeScript sources where there is no bundle, with the same answer as the bundle', async () => {
  // A checkout with no dist/: the bin and the sources (linked), nothing built.
  const dir = await mkdtemp(path.join(tmpdir(), 'pg-sources-'));
  try {
    await cp(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    for (const p of ['src', 'reporters', 'schema', 'package.json', 'node_modules']) await symlink(path.join(ROOT, p), path.join(dir, p));
    const validate = (entry?: string) => spawnCli(['validate', 'examples/ticket-router/suites'], { cwd: ROOT, ...(entry ? { entry } : {}) });
    const r = await validate(path.join(dir, 'bin/promptgate.js'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ 1 suite, \d+ cases, \d+ assertions: all valid$/m);
    expect(r.stdout).toBe((await validate()).stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
