/**
 * A run on a deprecated model: the SDK's own console.warn on every call is gone, and the run says it
 * once, in its summary, from RunResult.deprecatedModels (also in the results JSON, and kept by merge).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { mergeResults } from '../../src/saved-results/merge.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { spawnCli } from '../support/cli.ts';
import { KEY, runLive } from './project.ts';

let sim: Simulator | undefined;
/**
 * The API answers 404 to a model after its retirement day, and so does the simulator. These tests
 * are about what the run says of such models, not the 404, so the simulator's clock is set to a day
 * both models still answered; the run judges their status on its own (real) day.
 */
const BEFORE_RETIREMENT = { now: () => Date.parse('2026-06-01T12:00:00Z') };
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = `
name: old
model: claude-sonnet-4-5
max_tokens: 64
cases:
${[1, 2, 3, 4, 5, 6, 7].map((i) => `  - id: c${i}\n    prompt: "case-${i}"\n    assert:\n      - contains: "case-${i}"`).join('\n')}
  - id: dated
    model: claude-sonnet-4-0
    prompt: "case-8"
`;

/** What console.warn is asked to print while `during` runs: observed, not replaced, for the SDK's call. */
async function warnings<T>(during: () => Promise<T>): Promise<{ value: T; said: string[] }> {
  const said: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void said.push(args.map(String).join(' '));
  try {
    return { value: await during(), said };
  } finally {
    console.warn = warn;
  }
}

describe('a run on deprecated and retired models', () => {
  it('the SDK warns on none of its calls; the result lists each model once, with its retirement day and successor', async () => {
    sim = await startSimulator(BEFORE_RETIREMENT);
    const dir = await tempProject({ 'suites/old.yaml': SUITE });
    const { value: result, said } = await warnings(() => runLive(dir, sim!.url));
    expect(sim.stats.byRoute['POST /v1/messages']).toBe(8);
    expect(said.filter((s) => s.includes('is deprecated and will reach end-of-life'))).toEqual([]);
    expect(result.deprecatedModels).toEqual([
      { model: 'claude-sonnet-4-0', name: 'Claude Sonnet 4', status: 'retired', retires: '2026-06-15', successor: 'claude-sonnet-4-6' },
      {
        model: 'claude-sonnet-4-5',
        name: 'Claude Sonnet 4.5',
        status: expect.stringMatching(/^(deprecated|retired)$/),
        retires: '2026-11-30',
        successor: 'claude-sonnet-5-5',
      },
    ]);
  });

  it('other warnings still pass through while the SDK call runs', async () => {
    sim = await startSimulator();
    const dir = await tempProject({
      'suites/old.yaml': SUITE.replace('model: claude-sonnet-4-5', 'model: claude-opus-4-6').replace(
        'max_tokens: 64',
        'max_tokens: 4096\nthinking: { type: enabled, budget_tokens: 1024 }',
      ),
    });
    const { said } = await warnings(() => runLive(dir, sim!.url));
    // The SDK's thinking.type=enabled notice for Opus 4.6 is not promptgate's to drop.
    expect(said.filter((s) => s.includes("'thinking.type=enabled' is deprecated"))).toHaveLength(7);
  });

  it('the CLI: one line per model in the summary, none from the SDK, and the models in the results JSON', async () => {
    sim = await startSimulator(BEFORE_RETIREMENT);
    const dir = await tempProject({ 'suites/old.yaml': SUITE });
    // A real process: the SDK's console.warn would reach its stderr, not main()'s.
    const out = await spawnCli(['run', '--live', '--results', 'r.json'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(0);
    expect(out.stderr).not.toContain('end-of-life');
    expect(out.stdout.split('\n').filter((l) => l.includes('warning:'))).toEqual([
      'warning: claude-sonnet-4-0 (Claude Sonnet 4) was retired on 2026-06-15: live calls to it fail, only recordings still replay; move to claude-sonnet-4-6',
      expect.stringMatching(
        /^warning: claude-sonnet-4-5 \(Claude Sonnet 4\.5\) (is deprecated and retires|was retired) on 2026-11-30.*; move to claude-sonnet-5-5$/,
      ),
    ]);
    const saved = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(saved.deprecatedModels?.map((m) => m.model)).toEqual(['claude-sonnet-4-0', 'claude-sonnet-4-5']);
    // Shards each list what they called; the merged run lists each model once.
    const merged = mergeResults([
      { file: 'a.json', result: { ...saved, shard: { index: 1, total: 2 } } },
      { file: 'b.json', result: { ...saved, suites: [], shard: { index: 2, total: 2 } } },
    ]);
    expect(merged.deprecatedModels).toEqual(saved.deprecatedModels);
  });
});
