import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { fullRun, run, shardsOf, suite } from './fixtures.ts';
import { runCli } from '../support/cli.ts';
const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, result: RunResult | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof result === 'string' ? result : JSON.stringify(result, null, 2));
  return file;
}

// No GITHUB_ACTIONS: the test must not append to a real step summary when CI runs it.
async function cli(...args: string[]) {
  const r = await runCli(args, { cwd: dir });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const base = save('base.json', run([suite('triage', ['a', 'b'])]));
const regressed = save('regressed.json', run([suite('triage', ['a', { id: 'b', status: 'failed' }])]));

describe('promptgate compare', () => {
  it('exits 1 on a regression and writes the markdown', async () => {
    const r = await cli('compare', base, regressed, '--markdown', 'out/compare.md');
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 regression;');
    expect(r.out).toContain('✗ triage/b  failed');
    expect(readFileSync(path.join(dir, 'out/compare.md'), 'utf8')).toMatch(/^<!-- promptgate-compare -->\n### ❌/);
  });

  it('--json writes the comparison as compare judged it, for scripts', async () => {
    const r = await cli('compare', base, regressed, '--json', 'out/compare.json');
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(path.join(dir, 'out/compare.json'), 'utf8')) as { kind: string; regressions: { id: string }[]; fixed: unknown[] };
    expect(json.kind).toBe('promptgate-comparison');
    expect(json.regressions.map((c) => c.id)).toEqual(['b']);
    expect(json.fixed).toEqual([]);
    const refused = await cli('compare', '--recordings', 'main', 'HEAD', '--json', 'x.json');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('compare --json writes the comparison of two results files, not of --recordings');
  });

  it('exits 0 when nothing regressed, fixes included', async () => {
    const r = await cli('compare', regressed, base);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no regressions; 1 fixed case');
  });

  it('exits 2 on broken JSON, pointing at line:col, with no stack', async () => {
    const broken = save('broken.json', '{\n  "version": 1,\n  oops\n}');
    const r = await cli('compare', base, broken);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json:3:3: error: not valid JSON/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a missing file, a foreign file and a newer results version, listing each', async () => {
    const foreign = save('foreign.json', '{"tests": []}');
    const newer = save('newer.json', JSON.stringify({ ...run([]), version: 2, tool: { name: 'promptgate', version: '9.0.0' } }));
    let r = await cli('compare', 'nope.json', foreign);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope.json: error: no such results file');
    expect(r.err).toMatch(/foreign\.json: error: not a promptgate results file/);
    r = await cli('compare', newer, base);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/newer\.json: error: results version 2 \(written by promptgate 9\.0\.0\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('promptgate merge', () => {
  it('writes the unsharded results and exits as that run would', async () => {
    const files = shardsOf(fullRun(), 3).map((s, i) => save(`shard-${i + 1}.json`, s));
    const r = await cli('merge', ...files, '--results', 'merged.json', '--junit', 'merged.xml', '--cost-report', 'cost.md');
    const full = fullRun();
    expect(r.code).toBe(3); // the fixture has an errored case
    expect(r.out).toContain('merged 3 files: 23 cases, 21 passed, 1 failed, 1 errored, 0 skipped');
    const merged = JSON.parse(readFileSync(path.join(dir, 'merged.json'), 'utf8')) as RunResult;
    expect(merged.suites).toEqual(full.suites);
    expect(merged).not.toHaveProperty('shard');
    expect(readFileSync(path.join(dir, 'merged.xml'), 'utf8')).toContain('<testsuites');
    expect(readFileSync(path.join(dir, 'cost.md'), 'utf8')).toMatch(/\$/);
  });

  it('exits 2 when the shards, each allowed to be empty, ran nothing between them', async () => {
    const files = [1, 2].map((i) => save(`empty-${i}.json`, run([], { shard: { index: i, total: 2 } })));
    const r = await cli('merge', ...files, '--results', 'empty-merged.json');
    expect(r.err).toContain('error: the 2 results files hold no case between them: nothing was tested');
    expect(r.code).toBe(2);
  });

  it('exits 2 naming the files when suite versions differ', async () => {
    const [a, b] = shardsOf(fullRun(), 2);
    b!.suites[0]!.digest = 'other';
    const r = await cli('merge', save('a.json', a!), save('b.json', b!));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: suite "support-triage" differs between .*a\.json \(version support-triage-v1\) and .*b\.json \(version other\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
