/**
 * From the CLI: a turn the API pauses is continued and recorded (`--record`), then replayed offline
 * with the same verdict; a turn paused past the bound is errored (exit 3) and says why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { pausingResponder, startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = `name: research
model: claude-haiku-4-5
max_tokens: 128
tools:
  - { type: web_search_20250305, name: web_search, max_uses: 5 }
cases:
  - id: tides
    prompt: search the tide tables of Brest
    assert:
      - tool_called: web_search
      - contains: "Echo: search the tide tables"
`;

const verdicts = async (file: string) =>
  (JSON.parse(await readFile(file, 'utf8')) as RunResult).suites.flatMap((s) =>
    s.cases.map((c) => ({ status: c.status, output: c.samples[0]!.output, calls: c.samples[0]!.calls.map((k) => k.cassette) })),
  );

describe('a paused turn from the CLI', () => {
  it('is recorded step by step, then replays offline with the same verdict', async () => {
    sim = await startSimulator({ responder: pausingResponder(2) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const recorded = await runCli(['run', '--record', '--results', 'rec.json'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(recorded.code).toBe(0);
    await sim.close();
    sim = undefined;
    const replayed = await runCli(['run', '--results', 'rep.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(replayed.code).toBe(0);
    const [rec, rep] = [await verdicts(path.join(dir, 'rec.json')), await verdicts(path.join(dir, 'rep.json'))];
    expect(rep).toEqual(rec);
    expect(rec[0]!.calls.map((f) => path.basename(f!))).toEqual(['tides.json', 'tides.cont-1.json', 'tides.cont-2.json']);
  });

  it('paused past the bound: errored, exit 3, and the console says the turn was still paused', async () => {
    sim = await startSimulator({ responder: pausingResponder(6) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const out = await runCli(['run', '--record'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('error paused_turn: the turn was still paused (stop_reason pause_turn) after 5 continuations; no final answer to judge');
  });
});
