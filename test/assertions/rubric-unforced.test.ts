/**
 * A rubric graded by a model that answers forced tool use with a 400 (Claude Opus 5.5): the
 * grading call asks for the grade tool instead of forcing it, so it never 400s; a grader that does
 * not call it breaks the grading, and the assertion says so rather than failing the output.
 * Against the simulator, which rejects a forced tool_choice for these models as the API does.
 */
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { startSimulator, type SimRequest, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = `
name: graded
model: claude-haiku-4-5
grader: { model: claude-opus-5-5 }
cases:
  - id: graded
    prompt: "Say hello"
    assert:
      - rubric: "Greets the user"
  - id: no-call
    prompt: "Say goodbye"
    assert:
      - rubric: "Says goodbye"
`;

/** The grader calls the tool when asked, except about the goodbye, where it answers in text. */
function responder(request: SimRequest) {
  const isGrading = request.tools?.some((t) => 'name' in t && t.name === 'grade');
  const said = JSON.stringify(request.messages);
  if (!isGrading) return said.includes('hello') ? 'Hello!' : 'Goodbye!';
  if (said.includes('Goodbye!')) return 'It says goodbye, so it passes.';
  return { content: [{ type: 'tool_use' as const, name: 'grade', input: { pass: true, score: 0.9, reason: 'It greets the user.' } }] };
}

async function run(dir: string) {
  const suites = await loadSuites([path.join(dir, 'suites')]);
  return runSuites(suites, { transport: new LiveTransport({ apiKey: 'sk-ant-test-key', baseURL: sim!.url }), concurrency: 1, toolVersion: 'test' });
}

describe('a rubric graded by claude-opus-5-5', () => {
  it('the simulator, like the API, answers a forced tool choice for claude-opus-5-5 with a 400', async () => {
    sim = await startSimulator();
    const client = new Anthropic({ apiKey: 'sk-ant-test-key', baseURL: sim.url, maxRetries: 0 });
    const forced = client.messages.create({
      model: 'claude-opus-5-5',
      max_tokens: 100,
      tools: [{ name: 'grade', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'grade' },
      messages: [{ role: 'user', content: 'grade this' }],
    });
    await expect(forced).rejects.toMatchObject({ status: 400, error: { error: { type: 'invalid_request_error' } } });
  });

  it('asks for the grade tool (tool_choice auto) instead of forcing it, and grades without a 400', async () => {
    sim = await startSimulator({ responder });
    const dir = await tempProject({ 'suites/graded.yaml': SUITE });
    const result = await run(dir);
    const [graded] = result.suites[0]!.cases;
    expect(graded).toMatchObject({ status: 'passed' });
    expect(graded!.samples[0]!.assertions[0]).toMatchObject({
      name: 'rubric',
      pass: true,
      reason: expect.stringContaining('grader claude-opus-5-5 passed it'),
    });
    const grading = sim.requests.map((r) => r.body as SimRequest).filter((b) => b.model === 'claude-opus-5-5');
    expect(grading).toHaveLength(2);
    for (const body of grading) {
      expect(body.tool_choice).toEqual({ type: 'auto' });
      expect(body.system).toMatch(/Answer only with that one call to the grade tool/);
    }
    expect(sim.stats.byStatus['400']).toBeUndefined();
  });

  it('a grader that answers without calling the tool: the grading broke (an assertion error), the output is not blamed', async () => {
    sim = await startSimulator({ responder });
    const dir = await tempProject({ 'suites/graded.yaml': SUITE });
    const noCall = (await run(dir)).suites[0]!.cases[1]!;
    expect(noCall.samples[0]!.assertions[0]).toMatchObject({
      name: 'rubric',
      error: true,
      pass: false,
      reason:
        'rubric could not run: grader claude-opus-5-5 gave no grade (stop_reason end_turn): asked to call the grade tool (claude-opus-5-5 cannot be made to), it did not, so the grading broke, not the output',
    });
  });

  it('a grader that can be forced still is: its request, and so its recordings, are as before', async () => {
    sim = await startSimulator({ responder });
    const dir = await tempProject({ 'suites/graded.yaml': SUITE.replace('claude-opus-5-5', 'claude-haiku-4-5') });
    await run(dir);
    const grading = sim.requests.map((r) => r.body as SimRequest).filter((b) => b.tools?.some((t) => 'name' in t && t.name === 'grade'));
    expect(grading.map((b) => b.tool_choice)).toEqual([
      { type: 'tool', name: 'grade' },
      { type: 'tool', name: 'grade' },
    ]);
  });
});
