/**
 * `--api-version` on the CLI (the bundle users run): it decides what validate and run check and the
 * header sent, a typo is exit 2 with a did-you-mean, and every report names the version and the SDK.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION as SDK_VERSION } from '@anthropic-ai/sdk/version';
import type { RunResult } from '../../src/run-result.ts';
import { KEY } from '../live/project.ts';
import { runCli } from '../support/cli.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

// Sampling, unpinned: refused under the installed SDK's 2026-10-21, taken by Haiku 4.5 under 2023-06-01.
const SAMPLING = 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\ntemperature: 0\ncases:\n  - id: a\n    prompt: hi\n';
const REPORTS = ['--results', 'r.json', '--junit', 'j.xml', '--markdown', 'm.md', '--html', 'h.html'];

describe('promptgate run --api-version', () => {
  it('unset: a suite setting temperature is refused before anything is sent, at its line, naming the version and the way out', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': SAMPLING });
    const out = await runCli(['run', '--record'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      'suites/s.yaml:4:14: error: remove temperature, or pin api_version: "2023-06-01", where Claude Haiku 4.5 takes it: API version 2026-10-21 rejects temperature, top_p and top_k at any value',
    );
    expect(sim.stats.requests).toBe(0);
  });

  it('2023-06-01: the suite is valid, that header is sent, and the results, console, JUnit, markdown and HTML name it and the SDK', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': SAMPLING });
    const out = await runCli(['run', '--record', '--api-version', '2023-06-01', ...REPORTS], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(sim.stats.byApiVersion).toEqual({ '2023-06-01': 1 });
    const note = `API version 2023-06-01 · @anthropic-ai/sdk ${SDK_VERSION}`;
    expect(out.stdout).toContain(`\n${note}\n`);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.api).toEqual({ sdk: SDK_VERSION, version: '2023-06-01' });
    expect(result.suites[0]!.cases[0]!.apiVersion).toBeUndefined();
    expect(await readFile(path.join(dir, 'j.xml'), 'utf8')).toContain('<property name="anthropic-version" value="2023-06-01"/>');
    // The markdown defuses the @ so a PR comment mentions nobody.
    expect(await readFile(path.join(dir, 'm.md'), 'utf8')).toContain(`API version 2023-06-01 · @&#8203;anthropic-ai/sdk ${SDK_VERSION}.`);
    expect(await readFile(path.join(dir, 'h.html'), 'utf8')).toContain(note);
  });

  it("a pinned case is named beside the run's version, and in its own result", async () => {
    sim = await startSimulator();
    const dir = await tempProject({
      'suites/s.yaml': SAMPLING.replace('temperature: 0\n', '').replace('cases:\n', 'cases:\n  - id: old\n    api_version: "2023-06-01"\n    prompt: hey\n'),
    });
    const out = await runCli(['run', '--record', ...REPORTS], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(0);
    expect(sim.stats.byApiVersion).toEqual({ '2023-06-01': 1, '2026-10-21': 1 });
    expect(out.stdout).toContain(`API version 2026-10-21 (2023-06-01 for 1 pinned case: s/old) · @anthropic-ai/sdk ${SDK_VERSION}`);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.suites[0]!.cases.map((c) => c.apiVersion)).toEqual(['2023-06-01', undefined]);
    expect(await readFile(path.join(dir, 'j.xml'), 'utf8')).toContain('<property name="anthropic-version" value="2023-06-01, 2026-10-21"/>');
  });

  it('the cost estimate asks count_tokens under the version the case sends', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': SAMPLING.replace('cases:', 'api_version: "2023-06-01"\ncases:') });
    const out = await runCli(['run', '--record', '--max-cost', '1'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(0);
    expect(sim.stats.byRoute['POST /v1/messages/count_tokens']).toBe(1);
    expect(sim.stats.byApiVersion).toEqual({ '2023-06-01': 2 });
  });

  it('a version promptgate does not know is bad usage (exit 2), with a did-you-mean, on run and validate', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SAMPLING });
    for (const command of ['run', 'validate']) {
      const out = await runCli([command, '--api-version', '2023-06-1'], { cwd: dir });
      expect(out.code, command).toBe(2);
      expect(out.stderr, command).toContain("unknown API version '2023-06-1' (did you mean '2023-06-01'?); promptgate knows 2026-10-21, 2023-06-01");
    }
    const valid = await runCli(['validate', '--api-version', '2023-06-01'], { cwd: dir });
    expect(valid.code).toBe(0);
  });
});
