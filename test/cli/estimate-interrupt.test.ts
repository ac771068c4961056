/**
 * Ctrl-C during the pre-run estimate (--max-cost asks count_tokens about every case first): no count
 * is asked after it, the counts in flight are cut, and the run ends as interrupted, with reports,
 * in far less time than one count takes to answer.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { CLI } from '../support/cli.ts';
import { KEY, suiteYaml } from '../live/project.ts';

const xsd = readFileSync(new URL('../reporters/junit-10-with-file-line.xsd', import.meta.url), 'utf8');

// Each count takes this long: an estimate that waited for its counts, or kept asking, would take longer.
const COUNT_LATENCY_MS = 5_000;
const CASES = 200;

let sim: Simulator | undefined;
afterAll(() => sim?.close());

describe('Ctrl-C during the estimate', () => {
  it('stops asking count_tokens, cuts the counts in flight, and ends as interrupted (exit 3) with reports', async () => {
    sim = await startSimulator({ countTokensLatencyMs: COUNT_LATENCY_MS });
    const s = sim;
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: CASES }) });
    const env = { ...process.env, CI: '1', GITHUB_ACTIONS: undefined, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: s.url };
    const child = spawn(process.execPath, [CLI, 'run', '--live', '--max-cost', '5', '--results', 'out/results.json', '--junit', 'out/junit.xml'], {
      cwd: dir,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    let sentAt = 0;
    // Bounded: the child is killed by the guard below, which ends the poll with it.
    const poll = setInterval(() => {
      if (sentAt || !s.stats.byRoute['POST /v1/messages/count_tokens']) return;
      sentAt = performance.now();
      child.kill('SIGINT');
    }, 10);
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((done) => child.once('close', done));
    const tookMs = performance.now() - sentAt;
    clearInterval(poll);
    clearTimeout(guard);

    expect(code, stdout + stderr).toBe(3);
    expect(sentAt).toBeGreaterThan(0);
    expect(tookMs).toBeLessThan(COUNT_LATENCY_MS);
    // The estimate asks four at a time: those were in flight; none was asked after the signal, and nothing was sent.
    expect(s.stats.byRoute['POST /v1/messages/count_tokens']).toBeLessThanOrEqual(4);
    expect(s.stats.byRoute['POST /v1/messages'] ?? 0).toBe(0);

    const result = JSON.parse(await readFile(path.join(dir, 'out/results.json'), 'utf8')) as RunResult;
    expect(result.stopped).toMatchObject({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' });
    const cases = result.suites[0]!.cases;
    expect(cases).toHaveLength(CASES);
    expect(new Set(cases.map((c) => `${c.status}: ${c.reason}`))).toEqual(new Set(['skipped: not run: interrupted (Ctrl-C)']));
    const junit = await readFile(path.join(dir, 'out/junit.xml'), 'utf8');
    const valid = await validateXML({ xml: { fileName: 'junit.xml', contents: junit }, schema: { fileName: 'junit-10-with-file-line.xsd', contents: xsd } });
    expect(valid.errors).toEqual([]);
  });
});
