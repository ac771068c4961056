/**
 * Server tools (web search, web fetch, ...) are calls the model made, though the API ran them: a
 * `server_tool_use` block counts for `tool_called` and `tool_input` under the name the API gives it,
 * and the results keep which calls were server-side. Recorded against the simulator, which answers a
 * search as the API does, then replayed.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { validate as validateResults } from '../../src/shipped-validators/results.schema.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = `name: s
model: claude-haiku-4-5
max_tokens: 256
tools:
  - { type: web_search_20250305, name: web_search, max_uses: 3 }
cases:
  - id: searched
    prompt: search for the tide tables of Brest
    assert:
      - tool_called: web_search
      - tool_input: { tool: web_search, path: query, matches: "tide tables" }
  - id: searched-none
    prompt: search for the tide tables of Brest
    assert:
      - tool_called: none
  - id: searched-not
    prompt: search for the tide tables of Brest
    assert:
      - not: { tool_called: web_search }
  - id: searched-input-fails
    prompt: search for the tide tables of Brest
    assert:
      - tool_input: { tool: web_search, path: query, matches: "^weather" }
  - id: answered
    prompt: what are tides?
    assert:
      - tool_called: none
      - not: { tool_called: web_search }
`;

function verdicts(result: RunResult): Record<string, { status: string; reasons: string[] }> {
  return Object.fromEntries(
    result.suites[0]!.cases.map((c) => [c.id, { status: c.status, reasons: c.samples[0]!.assertions.map((a) => `${a.pass ? 'pass' : 'FAIL'}: ${a.reason}`) }]),
  );
}

describe('server tool calls in assertions', () => {
  it('count for tool_called and tool_input under the API name, pass and fail sides, and under not:', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const recorded = await record(dir, sim.url);
    const v = verdicts(recorded);
    expect(v.searched).toEqual({ status: 'passed', reasons: ['pass: called web_search', expect.stringMatching(/^pass: .*tide tables/)] });
    expect(v['searched-none']!.status).toBe('failed');
    expect(v['searched-none']!.reasons).toEqual([
      expect.stringMatching(/^FAIL: expected no tool call, got calls to web_search\(\{"query":"search for the tide tables of Brest"\}\)/),
    ]);
    expect(v['searched-not']!.status).toBe('failed');
    expect(v['searched-input-fails']!.status).toBe('failed');
    expect(v.answered!.status).toBe('passed');

    // The results say which calls the API ran itself (an additive field the schema admits).
    const output = recorded.suites[0]!.cases[0]!.samples[0]!.output!;
    expect(output.toolCalls).toEqual([
      { id: expect.stringMatching(/^srvtoolu_/), name: 'web_search', input: { query: 'search for the tide tables of Brest' }, server: true },
    ]);
    expect(validateResults(JSON.parse(JSON.stringify(recorded)))).toBe(true);

    // The simulator counted the search as the API does.
    const cassette = recorded.suites[0]!.cases[0]!.samples[0]!.calls[0]!.cassette!;
    expect(path.basename(cassette)).toBe('searched.json');
    await sim.close();
    sim = undefined;
    expect(verdicts(await replay(dir))).toEqual(v);
  });
});
