import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totals, type RunResult } from '../../src/run-result.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';

const SUITE = `
name: greet
model: claude-haiku-4-5
max_tokens: 100
system: "You greet {{who}}."
vars: { who: visitors }
cases:
  - id: hello
    prompt: "Say hello"
    assert:
      - contains: "Hello"
  - id: streamed
    stream: true
    prompt: "Say hello slowly"
    assert:
      - contains: "slowly"
  - id: sampled
    prompt: "Say hello twice"
    repeat: 2
    assert:
      - contains: "twice"
`;

const responder = (r: { messages: { content: unknown }[] }) => {
  const said = String(r.messages.at(-1)!.content);
  return `Hello! You asked me to: ${said.toLowerCase()}`;
};

function verdicts(result: RunResult) {
  return result.suites.flatMap((s) => s.cases.map((c) => [c.id, c.status, c.samples.map((x) => x.output?.text)]));
}

describe('record then replay', () => {
  let sim: Simulator;
  let dir: string;
  let recorded: RunResult;

  beforeAll(async () => {
    sim = await startSimulator({ responder });
    dir = await tempProject({ 'suites/greet.yaml': SUITE });
    recorded = await record(dir, sim.url);
  });
  afterAll(() => sim.close());

  it('records one cassette per case and repeat, and replay gives the same verdicts offline', async () => {
    expect(totals(recorded)).toMatchObject({ passed: 3, failed: 0, errored: 0 });
    expect((await readdir(path.join(dir, 'fixtures/greet'))).sort()).toEqual(['hello.json', 'sampled.json', 'sampled.r2.json', 'streamed.json']);
    const before = sim.stats.requests;
    const replayed = await replay(dir);
    expect(verdicts(replayed)).toEqual(verdicts(recorded));
    expect(sim.stats.requests).toBe(before);
    expect(replayed.mode).toBe('replay');
  });

  it('replays a streamed case from its recorded SSE events through the SDK', async () => {
    const cassette = JSON.parse(await readFile(path.join(dir, 'fixtures/greet/streamed.json'), 'utf8'));
    expect(cassette.request.stream).toBe(true);
    expect(cassette.response.events.map((e: { type: string }) => e.type)).toContain('content_block_delta');
    const result = await replay(dir, { filter: 'streamed' });
    expect(result.suites[0]!.cases[0]!.samples[0]!.output!.text).toBe('Hello! You asked me to: say hello slowly');
  });

  it('never writes the API key, or any header, into a cassette', async () => {
    for (const f of await readdir(path.join(dir, 'fixtures/greet'))) {
      const text = await readFile(path.join(dir, 'fixtures/greet', f), 'utf8');
      expect(text).not.toContain('test-secret');
      expect(text).not.toMatch(/authorization|x-api-key|sk-ant/i);
    }
  });

  it('--record=new keeps matching cassettes; --record=all refreshes them', async () => {
    const file = path.join(dir, 'fixtures/greet/hello.json');
    const first = await readFile(file, 'utf8');
    const before = sim.stats.requests;
    await record(dir, sim.url, 'new');
    expect(sim.stats.requests).toBe(before);
    expect(await readFile(file, 'utf8')).toBe(first);
    await record(dir, sim.url, 'all');
    expect(sim.stats.requests).toBe(before + 4);
    expect(JSON.parse(await readFile(file, 'utf8')).recorded_at).not.toBe(JSON.parse(first).recorded_at);
  });
});

describe('stale and missing recordings', () => {
  let sim: Simulator;
  beforeAll(async () => (sim = await startSimulator({ responder })));
  afterAll(() => sim.close());

  it('an edited prompt is a stale recording: an error naming the case, with a diff and the command to re-record', async () => {
    const dir = await tempProject({ 'suites/greet.yaml': SUITE });
    await record(dir, sim.url);
    await writeFile(path.join(dir, 'suites/greet.yaml'), SUITE.replace('"Say hello"', '"Say hello politely"'));
    const result = await replay(dir);
    const hello = result.suites[0]!.cases.find((c) => c.id === 'hello')!;
    expect(hello.status).toBe('errored');
    const error = hello.samples[0]!.error!;
    expect(error.type).toBe('stale_recording');
    expect(error.message).toMatch(/^stale recording for greet\/hello: the request changed since it was recorded/);
    expect(error.diff).toBe('~ messages[0].content: "Say hello" → "Say hello politely"');
    expect(error.hint).toBe(
      `re-record it: npx promptgate run ${path.join(dir, 'suites/greet.yaml')} --record --filter hello --fixtures ${path.join(dir, 'fixtures')}`,
    );
    expect(totals(result)).toMatchObject({ passed: 2, errored: 1 });
  });

  it('a changed system prompt variable shows in the diff too', async () => {
    const dir = await tempProject({ 'suites/greet.yaml': SUITE });
    await record(dir, sim.url);
    await writeFile(path.join(dir, 'suites/greet.yaml'), SUITE.replace('who: visitors', 'who: guests'));
    const result = await replay(dir);
    expect(totals(result).errored).toBe(3);
    expect(result.suites[0]!.cases[0]!.samples[0]!.error!.diff).toBe('~ system: "You greet visitors." → "You greet guests."');
  });

  it('a missing cassette is an error for that case only', async () => {
    const dir = await tempProject({ 'suites/greet.yaml': SUITE });
    await record(dir, sim.url);
    await rm(path.join(dir, 'fixtures/greet/sampled.r2.json'));
    const result = await replay(dir);
    const sampled = result.suites[0]!.cases.find((c) => c.id === 'sampled')!;
    expect(sampled.samples.map((s) => s.status)).toEqual(['passed', 'errored']);
    expect(sampled.samples[1]!.error).toMatchObject({
      type: 'missing_recording',
      message: `no recording for greet/sampled #2 (${path.join(dir, 'fixtures/greet/sampled.r2.json')})`,
    });
    expect(sampled.status).toBe('errored');
  });
});

describe('grading calls', () => {
  it('a rubric whose grader got no answer leaves the sample errored (with the grader’s error), not failed', async () => {
    const sim = await startSimulator({
      responder: (r) =>
        r.tool_choice?.type === 'tool' ? { content: [{ type: 'tool_use', name: 'grade', input: { pass: true, score: 1, reason: 'fine' } }] } : 'Hello there',
    });
    try {
      const dir = await tempProject({
        'suites/graded.yaml': `name: graded\nmodel: claude-haiku-4-5\ngrader: { model: claude-haiku-4-5 }\ncases:\n  - id: kind\n    prompt: "Greet me"\n    assert:\n      - rubric: Is friendly\n`,
      });
      expect(totals(await record(dir, sim.url))).toMatchObject({ passed: 1 });
      expect((await readdir(path.join(dir, 'fixtures/graded'))).sort()).toEqual(['kind.grade-1.json', 'kind.json']);
      await rm(path.join(dir, 'fixtures/graded/kind.grade-1.json'));
      const sample = (await replay(dir)).suites[0]!.cases[0]!.samples[0]!;
      expect(sample.status).toBe('errored');
      expect(sample.error).toMatchObject({ type: 'missing_recording', message: expect.stringContaining('graded/kind (grader 1)') });
      expect(sample.calls.map((c) => c.role)).toEqual(['case']);
    } finally {
      await sim.close();
    }
  });
});
