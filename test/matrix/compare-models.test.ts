/** compare across models (a migration), and the rule that tells a repeated case's real drop from noise. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESULT_VERSION, type CaseResult, type RunResult } from '../../src/run-result.ts';
import { compareMarkdown } from '../../src/saved-results/compare-markdown.ts';
import { compareText } from '../../src/saved-results/compare-text.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { fisherDropP, judgeDrop, SIGNIFICANCE } from '../../src/saved-results/significance.ts';
import { KEY } from '../live/project.ts';
import { caseResult } from '../results/fixtures.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';
import type { Responder } from '../support/sim/types.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const OLD = 'claude-haiku-4-5';
const NEW = 'claude-opus-4-5';

describe('significance of a drop in pass rate (Fisher, one-sided)', () => {
  it('matches hand-computed p-values on both sides of the 0.05 line', () => {
    expect(SIGNIFICANCE).toBe(0.05);
    // 10/10 then 6/10: 16 passes in 20; the only table as extreme puts 6 of them in current:
    // C(16,6)·C(4,4)/C(20,10) = 8008/184756 = 0.0433 < 0.05.
    expect(fisherDropP({ passed: 10, judged: 10 }, { passed: 6, judged: 10 })).toBeCloseTo(8008 / 184756, 12);
    expect(judgeDrop({ passed: 10, judged: 10 }, { passed: 6, judged: 10 }).verdict).toBe('regression');
    // 10/10 then 7/10: C(17,7)·C(3,3)/C(20,10) = 19448/184756 = 0.105: could be noise.
    expect(fisherDropP({ passed: 10, judged: 10 }, { passed: 7, judged: 10 })).toBeCloseTo(19448 / 184756, 12);
    expect(judgeDrop({ passed: 10, judged: 10 }, { passed: 7, judged: 10 }).verdict).toBe('inconclusive');
    // 5/5 then 1/5: C(6,1)·C(4,4)/C(10,5) = 6/252 = 0.024; then 2/5: C(7,2)/C(10,5) = 21/252 = 0.083.
    expect(fisherDropP({ passed: 5, judged: 5 }, { passed: 1, judged: 5 })).toBeCloseTo(6 / 252, 12);
    expect(fisherDropP({ passed: 5, judged: 5 }, { passed: 2, judged: 5 })).toBeCloseTo(21 / 252, 12);
    // 9/10 then 4/10 sums two tables: (C(13,3)·C(7,7) + C(13,4)·C(7,6))/C(20,10) = (286 + 5005)/184756 = 0.0286.
    expect(fisherDropP({ passed: 9, judged: 10 }, { passed: 4, judged: 10 })).toBeCloseTo((286 + 5005) / 184756, 12);
    // No drop is never significant.
    expect(fisherDropP({ passed: 3, judged: 10 }, { passed: 8, judged: 10 })).toBeGreaterThan(0.9);
  });

  it('makes a repeated case a regression only when its drop is significant, inconclusive otherwise', () => {
    const repeated = (id: string, passed: number): CaseResult => {
      const base = caseResult({ id, status: 'passed' }, 0);
      const samples = Array.from({ length: 10 }, (_, i) => ({
        ...base.samples[0]!,
        repeat: i + 1,
        status: i < passed ? ('passed' as const) : ('failed' as const),
      }));
      return { ...base, status: passed === 10 ? 'passed' : 'failed', repeat: 10, passRate: passed / 10, samples };
    };
    const runOf = (cases: CaseResult[]): RunResult => ({
      version: RESULT_VERSION,
      tool: { name: 'promptgate', version: 'test' },
      mode: 'replay',
      startedAt: '2026-11-30T12:00:00.000Z',
      durationMs: 1,
      suites: [{ file: 'suites/s.yaml', name: 's', digest: 'd', cases }],
    });
    const c = compareRuns(runOf([repeated('real', 10), repeated('noise', 10)]), runOf([repeated('real', 6), repeated('noise', 7)]));
    expect(c.regressions.map((x) => x.id)).toEqual(['real']);
    expect(c.inconclusive.map((x) => x.id)).toEqual(['noise']);
    const text = compareText(c, { base: 'a.json', current: 'b.json' });
    expect(text).toContain('✗ s/real  failed (10/10 -> 6/10 passed, p = 0.043)');
    expect(text).toContain('Inconclusive, run more repeats (pass rate fell, but p >= 0.05):\n  ? s/noise  failed (10/10 -> 7/10 passed, p = 0.105)');
    expect(compareMarkdown(c, { base: 'a.json', current: 'b.json' })).toContain('#### Inconclusive (1)');
  });
});

const byModel: Responder = (r) => {
  const said = lastUserText(r);
  return r.model === NEW && said.includes('refund') ? `${r.model} says: I cannot help with that` : `${r.model} says: ${said}`;
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('compare across models', () => {
  it('pairs cases by id, heads the report "model A → model B", names the regression and exits 1', async () => {
    sim = await startSimulator({ responder: byModel });
    const suite = `name: shop\nmodel: ${OLD}\nmax_tokens: 64\ncases:\n  - id: greet\n    prompt: "hello"\n    assert:\n      - contains: "hello"\n  - id: refund\n    prompt: "refund my order"\n    assert:\n      - contains: "refund"\n`;
    const dir = await tempProject({ 'suites/shop.yaml': suite });
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    expect((await runCli(['run', '--record', '--results', 'base.json'], { cwd: dir, env })).code).toBe(0);
    expect((await runCli(['run', '--live', '--model', NEW, '--results', 'new.json'], { cwd: dir, env })).code).toBe(1);
    const out = await runCli(['compare', 'base.json', 'new.json', '--markdown', 'c.md'], { cwd: dir });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout.split('\n').slice(1, 3)).toEqual([`model ${OLD} → model ${NEW}`, '1 regression; 0 fixed cases, 0 added cases, 0 removed cases']);
    expect(out.stdout).toMatch(new RegExp(`✗ shop/refund \\[${NEW}\\]  failed: contains`));
    const md = await readFile(path.join(dir, 'c.md'), 'utf8');
    expect(md).toContain(`Model \`${OLD}\` → model \`${NEW}\``);
    expect(md).toContain(`| \`shop/refund [${NEW}]\` | failed |`);
  });
});
