/**
 * --prices and PROMPTGATE_PRICES through the CLI: a bad file is exit 2 at its line before anything
 * runs, a good one prices what the table lacks in every report, a spend cap on an unpriced model
 * names the flag that fixes it, and `--version` reads no price file at all.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { KEY, suiteYaml } from '../live/project.ts';
import { realisticRun } from '../reporters/fixtures.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const promptgate = (args: string[], cwd: string, env: Record<string, string | undefined> = {}) => runCli(args, { cwd, env });

/** realisticRun has one call to claude-experimental-9, which the built-in table does not price. */
const EXPERIMENTAL = 'models:\n  claude-experimental-9: { input: 2, output: 8, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 }\n';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('promptgate with a price file', () => {
  it('--version reads no price file, even a missing one', async () => {
    const dir = await tempProject({});
    expect(await promptgate(['--version'], dir, { PROMPTGATE_PRICES: 'no-such-file.json' })).toMatchObject({ code: 0, stderr: '' });
  });

  it('refuses a bad --prices file with exit 2 at its line, before reading the results', async () => {
    const dir = await tempProject({ 'p.yaml': 'models:\n  claude-experimental-9: { input: 2 }\n' });
    const out = await promptgate(['report', 'missing-results.json', '--prices', 'p.yaml'], dir);
    expect(out.stderr).toBe(
      "p.yaml:2:26: error: models.claude-experimental-9 is missing 'output': every row gives all five rates (input, output, cacheWrite5m, cacheWrite1h, cacheRead), as prices differ by model\n",
    );
    expect(out.code).toBe(2);
  });

  it('prices a model the table lacks in the cost report, from --prices or PROMPTGATE_PRICES, and says so', async () => {
    const dir = await tempProject({ 'r.json': JSON.stringify(realisticRun()), 'p.yaml': EXPERIMENTAL });
    const bare = await promptgate(['report', 'r.json', '--cost-report', 'bare.md'], dir);
    expect(bare.code).toBe(0);
    expect(await readFile(path.join(dir, 'bare.md'), 'utf8')).toContain('| `claude-experimental-9` | case | 1 | 70 | 9,000 | 0 | 0 | 0 | **no price known** |');

    for (const [name, args, env] of [
      ['flag.md', ['--prices', 'p.yaml'], {}],
      ['env.md', [], { PROMPTGATE_PRICES: 'p.yaml' }],
    ] as const) {
      const out = await promptgate(['report', 'r.json', '--cost-report', name, ...args], dir, env);
      expect(out.stderr).toBe(`wrote ${name}\n`);
      const md = await readFile(path.join(dir, name), 'utf8');
      // 70 in x $2 + 9,000 out x $8 = $0.00014 + $0.072
      expect(md).toContain('| `claude-experimental-9` | case | 1 | 70 · $0.00014 | 9,000 · $0.072 | 0 · $0.00 | 0 · $0.00 | 0 · $0.00 | **$0.07214** |');
      expect(md).toContain(
        "- List prices of 2026-11-03 (the run's date), checked 2026-12-06, from https://platform.claude.com/docs/en/about-claude/pricing and `p.yaml`.",
      );
    }
  });

  it('refuses a spend cap on a model with no price, naming the flag that fixes it, and holds it with --prices', async () => {
    sim = await startSimulator();
    const suite = suiteYaml({ cases: 2 }).replace('model: claude-haiku-4-5', 'model: claude-mythos-preview');
    const dir = await tempProject({
      'suites/s.yaml': suite,
      'preview.json': JSON.stringify({ models: { 'claude-mythos-preview': { input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.2 } } }),
    });
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };

    const refused = await runCli(['run', '--live', '--max-cost', '1'], { cwd: dir, env });
    expect(refused.stderr).toBe(
      'error: cannot hold a spend cap: no price known for claude-mythos-preview: pass --prices FILE with its rates (or set PROMPTGATE_PRICES=FILE; see docs/pricing.md)\n',
    );
    expect(refused.code).toBe(2);
    expect(sim.stats.byRoute['POST /v1/messages'] ?? 0).toBe(0);

    const held = await runCli(['run', '--live', '--max-cost', '1', '--prices', 'preview.json', '--results', 'r.json'], { cwd: dir, env });
    expect(held.stderr).toBe('');
    expect(held.code).toBe(0);
    // Worst case at preview.json's rates: 2 cases x (2 prompt tokens counted, 67 with the count's slack, x $8 + max_tokens 64 x $40)
    // per MTok, x 1.1 as the request sets no inference_geo and its workspace's default may be US-only.
    expect(held.stdout).toMatch(/^promptgate: estimated cost \$0\.006811 \(cap \$1\.00\)$/m);
    // The echo's usage: 4 in x $8 + 6 out x $40 per MTok
    expect(held.stdout).toMatch(/^ {2}claude-mythos-preview {6}2 {6}4 {7}6 {8}0 {8}0 {2}\$0\.000272$/m);
    expect(held.stdout).toMatch(/^ {2}prices of \d{4}-\d{2}-\d{2}, checked 2026-12-06, with preview\.json$/m);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'passed']);
  });
});
