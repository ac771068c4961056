/**
 * Shards of two commits do not merge: a shard's suite digest covers its suite file's text only, so a
 * prompt file edited between two commits would otherwise merge unseen. Each shard records the commit
 * its CI names (ci-commit.ts) and merge refuses two different ones.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { KEY, suiteYaml } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const A = 'a'.repeat(40);
const B = '0123456789abcdef0123456789abcdef01234567';
let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator();
  dir = await tempProject({ 'suites/s.yaml': suiteYaml({ name: 'billing', cases: 6 }) });
});
afterAll(() => sim.close());

async function shard(index: number, commitEnv: Record<string, string>): Promise<string> {
  const results = `shard-${index}-${Object.values(commitEnv).join('') || 'none'}.json`;
  const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url, ...commitEnv };
  const r = await runCli(['run', '--live', '--max-cost', '1', '--shard', `${index}/2`, '--results', results], { cwd: dir, env });
  expect(r.code, r.stderr).toBe(0);
  return results;
}

const shardOf = async (file: string) => (JSON.parse(await readFile(path.join(dir, file), 'utf8')) as RunResult).shard;

describe('shards of one commit merge, of two do not', () => {
  it('records the commit the CI names, and none for a value that is not one', async () => {
    expect(await shardOf(await shard(1, { GITHUB_SHA: A.toUpperCase() }))).toEqual({ index: 1, total: 2, commit: A });
    expect(await shardOf(await shard(1, { CI_COMMIT_SHA: B }))).toEqual({ index: 1, total: 2, commit: B });
    expect(await shardOf(await shard(1, { GITHUB_SHA: 'HEAD' }))).toEqual({ index: 1, total: 2 });
  });

  it('merge refuses shards of two commits, naming each file and commit, and writes nothing', async () => {
    const files = [await shard(1, { GITHUB_SHA: A }), await shard(2, { GITHUB_SHA: B })];
    const r = await runCli(['merge', ...files, '--results', 'merged.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `error: shard results come from different commits: ${files[0]} (${A.slice(0, 12)}), ${files[1]} (${B.slice(0, 12)}); merge only the shards of one run`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(readFile(path.join(dir, 'merged.json'))).rejects.toThrow(/ENOENT/);
  });

  it('merges shards of one commit, and a shard where no CI said one', async () => {
    const same = [await shard(1, { GITHUB_SHA: B }), await shard(2, { GITHUB_SHA: B })];
    expect((await runCli(['merge', ...same, '--results', 'one.json'], { cwd: dir })).code).toBe(0);
    const unsaid = [await shard(1, {}), await shard(2, { GITHUB_SHA: B })];
    const r = await runCli(['merge', ...unsaid, '--results', 'two.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(await readFile(path.join(dir, 'two.json'), 'utf8')) as RunResult).suites[0]!.cases).toHaveLength(6);
  });
});
