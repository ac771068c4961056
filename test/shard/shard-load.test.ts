import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { plan, selectCases, type PlanOptions } from '../../src/runner/plan.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { suiteDigest } from '../../src/suite/digest.ts';
import { tempProject } from '../support/project.ts';

// 40 cases, some tagged, some over a models: matrix, so a shard's copies of one case can differ.
const cases = Array.from({ length: 40 }, (_, i) =>
  [
    `  - id: c${i}`,
    `    prompt: "ticket ${i}"`,
    ...(i % 3 === 0 ? ['    tags: [smoke]'] : []),
    ...(i % 7 === 0 ? ['    models: [claude-haiku-4-5, claude-sonnet-4-5]'] : []),
    '    assert:',
    '      - contains: x',
  ].join('\n'),
).join('\n');
const SUITE = `name: load-shard\nmodel: claude-haiku-4-5\ncases:\n${cases}\n`;

async function project(yaml = SUITE): Promise<string> {
  return path.join(await tempProject({ 's.yaml': yaml }), 's.yaml');
}

const ids = (p: ReturnType<typeof plan>) => p.cases.map((c) => `${c.case.id}${c.case.matrix ? `@${c.case.matrix.model}` : ''}`);

describe('a load for one shard (LoadOptions.shard)', () => {
  let ci: string | undefined;
  beforeEach(() => {
    ci = process.env.CI;
    delete process.env.CI;
  });
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('resolves only its own cases and plans exactly what a full load plans, for every shard', async () => {
    const file = await project();
    const full = await loadSuites([file]);
    for (const options of [{}, { tags: ['smoke'] }, { models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] }] as PlanOptions[]) {
      const seen: string[] = [];
      for (let index = 1; index <= 3; index++) {
        const shard = { index, total: 3 };
        const pruned = await loadSuites([file], { shard: { shard, models: options.models } });
        const mine = plan(pruned, { ...options, shard });
        const whole = plan(full, { ...options, shard });
        expect(ids(mine)).toEqual(ids(whole));
        expect(mine.shardCounts).toEqual(whole.shardCounts);
        // Fewer resolved than the whole suite: the point of the option.
        expect(pruned[0]!.cases.length).toBeLessThan(full[0]!.cases.length);
        seen.push(...ids(mine));
      }
      // Every case (and model copy) in exactly one shard.
      expect(seen.sort()).toEqual(ids(plan(full, options)).sort());
    }
  });

  it('gives every shard the same digest', async () => {
    const file = await project();
    const digests = await Promise.all([1, 2, 3].map(async (index) => suiteDigest((await loadSuites([file], { shard: { shard: { index, total: 3 } } }))[0]!)));
    expect(new Set(digests).size).toBe(1);
    // Marked as a digest of the text, which compare does not hold against an unsharded run's.
    expect(digests[0]).toMatch(/^text:[0-9a-f]{16}$/);
    expect(suiteDigest((await loadSuites([file]))[0]!)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("skips a shard's cases for an only: another shard holds, and refuses it under CI", async () => {
    const file = await project(SUITE.replace('  - id: c5\n', '  - id: c5\n    only: true\n'));
    const full = await loadSuites([file]);
    const home = plan(full, { shard: { index: 1, total: 3 } }).cases.some((c) => c.case.id === 'c5') ? 2 : 1;
    const shard = { index: home, total: 3 };
    const pruned = await loadSuites([file], { shard: { shard } });
    expect(pruned[0]!.cases.some((c) => c.id === 'c5')).toBe(false);
    // Every case of this shard skipped, as a full load skips them: a shard that runs nothing needs allowEmpty.
    expect(() => plan(pruned, { shard })).toThrow(/every selected case is skipped/);
    const mine = plan(pruned, { shard, allowEmpty: true });
    expect(mine.cases.length).toBeGreaterThan(0);
    expect(mine.cases.every((c) => c.skip === 'not marked only: (another case is)')).toBe(true);
    expect(ids(mine)).toEqual(ids(plan(full, { shard, allowEmpty: true })));
    process.env.CI = 'true';
    expect(() => selectCases(pruned, { shard })).toThrow(InputError);
  });

  it('refuses to plan a suite under a shard other than the one it was loaded for', async () => {
    const pruned = await loadSuites([await project()], { shard: { shard: { index: 1, total: 3 } } });
    expect(() => plan(pruned, { shard: { index: 2, total: 3 } })).toThrow(/loaded for shard 1\/3/);
  });
});
