import path from 'node:path';
import { expect, it } from 'vitest';
import { spawnCli } from '../support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * A stray rejection promptgate never awaited: a bug, as far as the CLI can tell. It is planted to
 * fire once the CLI first writes (so after its start-up, however long loading takes on this Node).
 */
const PLANT = `data:text/javascript,${encodeURIComponent(
  `for (const s of [process.stdout, process.stderr]) { const w = s.write.bind(s); s.write = (...a) => { setImmediate(() => Promise.reject(new TypeError('planted bug'))); return w(...a); }; }`,
)}`;

it('a crash of promptgate itself exits 4 (not 1 or 3) and says it is a bug in promptgate', async () => {
  const r = await spawnCli(['run', '--filter', 'nothing-matches-this'], { cwd: ROOT, nodeFlags: ['--import', PLANT] });
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(/^promptgate: internal error: this is a bug in promptgate/m);
  expect(r.stderr).toContain('TypeError: planted bug');
});
