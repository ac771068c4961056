import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { shardOf } from '../../src/runner/shard.ts';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const NOT_A_PASS = 'Nothing would be tested, so this is not a pass; pass --allow-empty if that is what you want.';

describe('promptgate run: a selection that runs nothing is not a pass', () => {
  it('--filter, --tag and --shard that select nothing exit 2, naming the selector, before anything is sent', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ name: 'billing', cases: 5 }) });
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    const homes = [...new Set([1, 2, 3, 4, 5].map((i) => shardOf('billing', `c${i}`, 8)))].sort((a, b) => a - b);
    const emptyShard = [1, 2, 3, 4, 5, 6, 7, 8].find((i) => !homes.includes(i))!;

    const filter = await runCli(['run', '--live', '--max-cost', '1', '--filter', 'bilingg'], { cwd: dir, env });
    expect(filter.code).toBe(2);
    expect(filter.stderr).toBe(`error: --filter 'bilingg' matched no case (5 cases in 1 suite); did you mean 'billing'? ${NOT_A_PASS}\n`);
    const tag = await runCli(['run', '--live', '--tag', 'smoke'], { cwd: dir, env });
    expect(tag.code).toBe(2);
    expect(tag.stderr).toBe(`error: --tag smoke matched no case (5 cases in 1 suite). ${NOT_A_PASS}\n`);
    const shard = await runCli(['run', '--live', '--shard', `${emptyShard}/8`], { cwd: dir, env });
    expect(shard.code).toBe(2);
    expect(shard.stderr).toBe(`error: --shard ${emptyShard}/8 has no cases: 5 cases hash to shards ${homes.join(', ')}. ${NOT_A_PASS}\n`);
    // Refused before the estimate: not even count_tokens was asked.
    expect(sim.stats.requests).toBe(0);
  });

  it('--allow-empty: exit 0, a "ran nothing" line, and reports that say no case ran', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ name: 'billing', cases: 2 }) });
    const out = await runCli(['run', '--filter', 'nothing-like-it', '--allow-empty', '--results', 'r.json'], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(
      "promptgate: ran nothing: --filter 'nothing-like-it' matched no case (2 cases in 1 suite) (passing only because of --allow-empty)\n",
    );
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.suites).toEqual([]);
  });

  it('an empty suites folder: exit 2 naming it; with --allow-empty, exit 0 and "ran nothing"', async () => {
    const dir = await tempProject({ 'suites/README.md': 'suites go here\n' });
    const refused = await runCli(['run'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^suites\/: error: no suite files/);
    const allowed = await runCli(['run', '--allow-empty'], { cwd: dir });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('promptgate: ran nothing: no suite files under the paths given (passing only because of --allow-empty)');
  });

  it('every case skipped is nothing run', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }).replace('  - id: c1\n', '  - id: c1\n    skip: flaky upstream\n') });
    const out = await runCli(['run'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`error: every selected case is skipped (load/c1: flaky upstream). ${NOT_A_PASS}\n`);
  });
});
