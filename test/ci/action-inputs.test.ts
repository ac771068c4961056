import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ACTION = path.join(ROOT, '.github/actions/promptgate');

/** The composite action's script with the real promptgate on this repository's example suites (replay); action-script.test.ts covers the rest with a stand-in. */
function action(env: Record<string, string>) {
  const out = mkdtempSync(path.join(tmpdir(), 'pg-action-'));
  const r = spawnSync('bash', [path.join(ACTION, 'run.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      GITHUB_ACTION_PATH: ACTION,
      GITHUB_OUTPUT: path.join(out, 'output'),
      PG_OUT_DIR: path.join(out, 'results'),
      PG_MODE: 'replay',
      ...env,
    },
  });
  return { ...r, outputs: readFileSync(path.join(out, 'output'), 'utf8') };
}

it('models and changed inputs become --model and --changed', () => {
  const r = action({ PG_MODELS: 'claude-haiku-4-5', PG_CHANGED: 'false' });
  expect(r.stdout).toMatch(/^promptgate run suites\/ --model claude-haiku-4-5 --results /m);
  expect(r.status).toBe(0);
  expect(r.outputs).toContain('passed=21');
  const changed = action({ PG_CHANGED: 'true' });
  expect(changed.stdout).toMatch(/^promptgate run suites\/ --changed --results /m);
  expect(changed.status).toBe(2); // --changed needs --live or --record: refused, not ignored
});
