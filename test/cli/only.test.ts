import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Three echo cases (c1..c3) where c2 is marked `only:` and c3 `skip:`. */
const FOCUSED = suiteYaml({ name: 'focus', cases: 3 })
  .replace('  - id: c2\n', '  - id: c2\n    only: true\n')
  .replace('  - id: c3\n', '  - id: c3\n    skip: waiting for a fix\n');

const statuses = (r: RunResult) => r.suites.map((s) => s.cases.map((c) => [`${s.name}/${c.id}`, c.status, c.reason ?? '']));

// Under CI, where a committed only: is refused (only-in-ci.test.ts); these runs opt in.
describe('promptgate run with only: (--allow-only)', () => {
  it('runs the case marked only alone; every other case, in every suite, is reported skipped with the reason', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/focus.yaml': FOCUSED, 'suites/other.yaml': suiteYaml({ name: 'other', cases: 1 }) });
    const out = await runCli(['run', '--live', '--allow-only', '--results', 'r.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url, CI: '1' },
    });
    expect(out.code, out.stderr).toBe(0);
    expect(sim.stats.byRoute['POST /v1/messages']).toBe(1);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(statuses(result)).toEqual([
      [
        ['focus/c1', 'skipped', 'not marked only: (another case is)'],
        ['focus/c2', 'passed', ''],
        // Its own skip: says more than "another case is only".
        ['focus/c3', 'skipped', 'waiting for a fix'],
      ],
      [['other/c1', 'skipped', 'not marked only: (another case is)']],
    ]);
    expect(out.stdout).toContain('1 passed, 0 failed, 0 errored, 3 skipped (4 cases, live)');
  });

  it('focus is decided over what --filter selects: when the filter leaves the only case out, the rest run', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/focus.yaml': FOCUSED });
    const out = await runCli(['run', '--live', '--allow-only', '--filter', 'c1', '--results', 'r.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url, CI: '1' },
    });
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(statuses(result)).toEqual([[['focus/c1', 'passed', '']]]);
  });
});
