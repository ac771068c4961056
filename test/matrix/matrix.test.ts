/**
 * One suite, several models: `--model` and `models:` run every case once per model, each
 * (case, model) pair its own result, recorded apart, sharded and merged as one.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { junitXml } from '../../reporters/junit.ts';
import { caseLabel, type RunResult } from '../../src/run-result.ts';
import { mergeResults } from '../../src/saved-results/merge.ts';
import { KEY } from '../live/project.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';
import type { Responder } from '../support/sim/types.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const OLD = 'claude-haiku-4-5';
const NEW = 'claude-opus-4-5';

/** Answers per model: the new model refuses refunds, the one model-specific failure. Graders always pass. */
const byModel: Responder = (r) => {
  if (r.tools?.some((t) => 'name' in t && t.name === 'grade'))
    return { content: [{ type: 'tool_use', name: 'grade', input: { pass: true, score: 1, reason: 'fine' } }] };
  const said = lastUserText(r);
  return r.model === NEW && said.includes('refund') ? `${r.model} says: I cannot help with that` : `${r.model} says: ${said}`;
};

const suite = (models?: string[]) => `
name: shop
model: ${OLD}
max_tokens: 64
grader: { model: ${OLD} }
${models ? `models: [${models.join(', ')}]` : ''}
cases:
  - id: greet
    prompt: "hello there"
    assert:
      - contains: "hello there"
  - id: refund
    prompt: "refund my order"
    assert:
      - contains: "refund"
      - rubric: "Polite"
`;

/** (case, model) -> status, in result order. */
const pairs = (result: RunResult) => result.suites.flatMap((s) => s.cases.map((c) => [caseLabel(c), c.status]));

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('run --model', () => {
  it('sends every case call to that model, graders to their own, and records apart from the suite model', async () => {
    sim = await startSimulator({ responder: byModel });
    const dir = await tempProject({ 'suites/shop.yaml': suite() });
    await record(dir, sim.url);
    sim.reset();
    const out = await runCli(['run', '--record', '--model', NEW, '--results', 'r.json', '--junit', 'j.xml'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    const bodies = sim.requests.map((r) => r.body as { model: string; tools?: { name: string }[] });
    const cases = bodies.filter((b) => !b.tools);
    expect(cases.map((b) => b.model)).toEqual([NEW, NEW]);
    expect(bodies.filter((b) => b.tools).map((b) => b.model)).toEqual([OLD]);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(pairs(result)).toEqual([
      [`greet [${NEW}]`, 'passed'],
      [`refund [${NEW}]`, 'failed'],
    ]);
    expect(out.stdout).toContain(`shop/refund [${NEW}]`);
    expect(await readFile(path.join(dir, 'j.xml'), 'utf8')).toContain(`name="refund [${NEW}]"`);
    // The suite model's recordings keep their names; the new model's sit beside them.
    expect((await readdir(path.join(dir, 'fixtures/shop'))).sort()).toEqual([
      'greet.json',
      `greet@${NEW}.json`,
      'refund.grade-1.json',
      'refund.json',
      `refund@${NEW}.grade-1.json`,
      `refund@${NEW}.json`,
    ]);
  });

  it('finds a model with no recordings missing, not stale, and says how to record it', async () => {
    sim = await startSimulator({ responder: byModel });
    const dir = await tempProject({ 'suites/shop.yaml': suite() });
    await record(dir, sim.url);
    const other = await replay(dir, { models: [NEW] });
    const errors = other.suites[0]!.cases.map((c) => c.samples[0]!.error);
    expect(errors.map((e) => e?.type)).toEqual(['missing_recording', 'missing_recording']);
    // The run read a project's fixtures from elsewhere than ./fixtures, so the command names them.
    expect(errors[0]!.hint).toMatch(new RegExp(`--record --filter greet --model ${NEW} --fixtures ${path.join(dir, 'fixtures')}$`));
    // The suite's own model still replays from the plain names, with no model in its results.
    const own = await replay(dir);
    expect(pairs(own)).toEqual([
      ['greet', 'passed'],
      ['refund', 'passed'],
    ]);
  });
});

describe('run --model, checked as models: is', () => {
  it('a request the named model refuses is exit 2 at the key it is about, before anything is sent', async () => {
    sim = await startSimulator();
    const dir = await tempProject({
      'suites/think.yaml':
        'name: think\nmodel: claude-haiku-4-5\nmax_tokens: 2000\nthinking: { type: enabled, budget_tokens: 1024 }\ncases:\n  - id: t1\n    prompt: hi\n',
    });
    const r = await runCli(['run', '--record', '--model', 'claude-sonnet-5'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^suites\/think\.yaml:4:\d+: error: under claude-sonnet-5, as this run asks: use thinking: \{type: adaptive\}/);
    expect(sim.stats.requests).toBe(0);
    // The suite's own model takes it: without --model the run records.
    expect((await runCli(['run', '--record'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } })).code).toBe(0);
  });
});

describe('run --grader-model', () => {
  it("grades every rubric with that model, over the suite's grader and a rubric's own model:", async () => {
    sim = await startSimulator({ responder: byModel });
    const judge = 'claude-sonnet-4-6';
    const yaml = suite().replace('      - rubric: "Polite"\n', `      - rubric: "Polite"\n      - rubric: { criteria: "Short", model: ${NEW} }\n`);
    const dir = await tempProject({ 'suites/shop.yaml': yaml });
    const graded = (r: RunResult) =>
      r.suites[0]!.cases.flatMap((c) => c.samples.flatMap((s) => s.calls.filter((x) => x.role === 'grader').map((x) => x.model)));
    expect(graded(await record(dir, sim.url))).toEqual([OLD, NEW]);
    sim.reset();
    const out = await runCli(['run', '--live', '--grader-model', judge, '--results', 'r.json'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
    });
    expect(out.stderr).toBe('');
    expect(graded(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult)).toEqual([judge, judge]);
    expect(
      sim.requests
        .filter((r) => r.path === '/v1/messages')
        .map((r) => (r.body as { model: string }).model)
        .sort(),
    ).toEqual([OLD, OLD, judge, judge]);
  });
});

describe('models: in a suite', () => {
  it('runs every case once per model and reports exactly the (case, model) pair that fails', async () => {
    sim = await startSimulator({ responder: byModel });
    const dir = await tempProject({ 'suites/shop.yaml': suite([OLD, NEW]) });
    const recorded = await record(dir, sim.url);
    expect(pairs(recorded)).toEqual([
      [`greet [${OLD}]`, 'passed'],
      [`greet [${NEW}]`, 'passed'],
      [`refund [${OLD}]`, 'passed'],
      [`refund [${NEW}]`, 'failed'],
    ]);
    expect(recorded.suites[0]!.cases.map((c) => c.model)).toEqual([OLD, NEW, OLD, NEW]);
    // Replays free, from the recordings of each model.
    const replayed = await replay(dir);
    expect(pairs(replayed)).toEqual(pairs(recorded));
    const xml = junitXml(replayed);
    expect(xml.match(/<testcase name="[^"]*"/g)).toEqual(
      [`greet [${OLD}]`, `greet [${NEW}]`, `refund [${OLD}]`, `refund [${NEW}]`].map((n) => `<testcase name="${n}"`),
    );
    expect(xml.match(/<failure/g)).toHaveLength(1);
  });

  it('spreads the pairs over shards, and merge puts them back together', async () => {
    sim = await startSimulator({ responder: byModel });
    const models = [OLD, NEW, 'claude-sonnet-4-6'];
    const dir = await tempProject({ 'suites/shop.yaml': suite(models) });
    await record(dir, sim.url);
    const shards = await Promise.all([1, 2, 3].map((index) => replay(dir, { shard: { index, total: 3 }, allowEmpty: true })));
    const labels = shards.map((s) => pairs(s).map(([label]) => label));
    // Both cases' models land in more than one shard: a pair, not a case, is the unit.
    expect(new Set(labels.flat()).size).toBe(6);
    expect(labels.filter((l) => l.some((x) => x!.startsWith('greet'))).length).toBeGreaterThan(1);
    const merged = mergeResults(shards.map((result, i) => ({ file: `s${i + 1}.json`, result })));
    const sorted = (list: string[][]) => list.map((pair) => pair.join(' ')).sort();
    expect(sorted(pairs(merged))).toEqual(sorted(pairs(await replay(dir))));
  });
});

describe('models: checked like model:', () => {
  it('refuses a matrix model that would answer the request with a 400, naming it', async () => {
    const { loadSuites } = await import('../../src/suite/load.ts');
    // Pinned to the version that takes sampling: the model's own rule is what refuses.
    const yaml = `name: s\nmodel: ${OLD}\ntemperature: 0.5\nmodels: [${OLD}, claude-sonnet-5-5]\ncases:\n  - id: a\n    prompt: hi\napi_version: "2023-06-01"\n`;
    const dir = await tempProject({ 'suites/s.yaml': yaml });
    await expect(loadSuites([path.join(dir, 'suites')])).rejects.toThrow(
      /s\.yaml:3:14: error: remove temperature: Claude Sonnet 5\.5 accepts only the default/,
    );
    // The same suite without the matrix model is fine: the check reads models:.
    const fine = await tempProject({ 'suites/s.yaml': yaml.replace(', claude-sonnet-5-5', '') });
    expect((await loadSuites([path.join(fine, 'suites')]))[0]!.cases[0]!.models).toEqual([OLD]);
  });
});
