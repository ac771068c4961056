import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** c2 of three is marked only:, on line 10 of the file (see suiteYaml). */
const FOCUSED = suiteYaml({ name: 'focus', cases: 3 }).replace('  - id: c2\n', '  - id: c2\n    only: true\n');

describe('promptgate run: a committed only: is refused when CI is set', () => {
  it('CI set: exit 2 at the only: line, nothing sent; --allow-only, or no CI, runs the focused case', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/focus.yaml': FOCUSED, 'suites/other.yaml': suiteYaml({ name: 'other', cases: 1 }) });
    const env = (ci: string | undefined) => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim!.url, CI: ci });
    expect(FOCUSED.split('\n')[9]).toBe('    only: true');

    const refused = await runCli(['run', '--live', '--max-cost', '1'], { cwd: dir, env: env('true') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `${path.join('suites', 'focus.yaml')}:10:5: error: only: is committed and CI is set (CI=true): every other case would be skipped and the build would still pass. Remove it, or pass --allow-only to run the focused cases anyway.\n`,
    );
    expect(sim.stats.requests).toBe(0);

    for (const [args, ci] of [
      [['--allow-only'], 'true'],
      [[], undefined],
      [[], 'false'],
      [[], '0'],
    ] as const) {
      const out = await runCli(['run', '--live', ...args], { cwd: dir, env: env(ci) });
      expect(out.code, `${args.join(' ')} CI=${ci}: ${out.stderr}`).toBe(0);
      expect(out.stdout).toContain('1 passed, 0 failed, 0 errored, 3 skipped (4 cases, live)');
    }
    expect(sim.stats.byRoute['POST /v1/messages']).toBe(4);
  });
});
