/**
 * Failed, errored and check broken stay three outcomes in every report: a broken check (a custom
 * check that throws, a grader that gives no grade or is cut off) is never blamed on the prompt.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeCase, judgeSample } from '../../src/assertions/evaluate.ts';
import type { AssertionResult, RunResult } from '../../src/run-result.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { tempProject } from '../support/project.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';
import { runCli } from '../support/cli.ts';

const SUITE = `name: outcomes
model: claude-haiku-4-5
max_tokens: 64
grader: { model: claude-haiku-4-5 }
cases:
  - id: fails
    prompt: "say ok"
    assert:
      - contains: "never said"
  - id: errors
    prompt: "answer with an error"
    assert:
      - contains: "ok"
  - id: check-throws
    prompt: "say ok"
    assert:
      - contains: "ok"
      - javascript: checks/broken.js
  - id: grader-silent
    prompt: "grade me silently"
    assert:
      - rubric: "Says ok"
  - id: grader-cut
    prompt: "grade me cut"
    assert:
      - rubric: "Says ok"
  - id: passes
    prompt: "say ok"
    assert:
      - contains: "ok"
`;

let sim: Simulator;
let dir: string;
let run: { code: number; stdout: string };
let saved: RunResult;

beforeAll(async () => {
  sim = await startSimulator({
    faults: (_n, request) => (lastUserText(request) === 'answer with an error' ? 500 : undefined),
    responder: (request) => {
      if (request.tool_choice) {
        const graded = JSON.stringify(request.messages);
        // One grader answers in prose instead of calling grade; the other runs out of tokens first.
        if (graded.includes('grade me silently')) return { content: 'It says ok, so it passes.' };
        if (graded.includes('grade me cut')) return { content: 'Let me think about', stop_reason: 'max_tokens' };
      }
      return { content: 'ok' };
    },
  });
  dir = await tempProject({ 'suites/outcomes.yaml': SUITE, 'suites/checks/broken.js': 'export default () => { throw new TypeError("checker bug"); };\n' });
  const env = { ANTHROPIC_API_KEY: 'test-key-3o-Zq81vXw', ANTHROPIC_BASE_URL: sim.url };
  const args = [
    'run',
    '--live',
    '--timeout-ms',
    '5000',
    '--results',
    'out/results.json',
    '--junit',
    'out/junit.xml',
    '--html',
    'out/report.html',
    '--markdown',
    'out/summary.md',
  ];
  run = await runCli(args, { cwd: dir, env });
  saved = JSON.parse(await readFile(path.join(dir, 'out/results.json'), 'utf8')) as RunResult;
}, 120_000);
afterAll(() => sim?.close());

const statusOf = (id: string) => saved.suites[0]!.cases.find((c) => c.id === id)!.status;

describe('a run with each outcome', () => {
  it('results: failed, errored and broken are three statuses', () => {
    expect(Object.fromEntries(saved.suites[0]!.cases.map((c) => [c.id, c.status]))).toEqual({
      fails: 'failed',
      errors: 'errored',
      'check-throws': 'broken',
      'grader-silent': 'broken',
      'grader-cut': 'broken',
      passes: 'passed',
    });
  });

  it('exits 3, not 1: some cases have no verdict', () => {
    expect(run.code).toBe(3);
  });

  it('console: its own mark and count, and the reason names the broken check', () => {
    expect(run.stdout).toMatch(/^1 passed, 1 failed, 1 errored, 3 broken, 0 skipped \(6 cases, live\)/m);
    expect(run.stdout).toContain('? outcomes/check-throws');
    expect(run.stdout).toContain('    check broken: javascript (line 18): javascript could not run: checks/broken.js#default threw TypeError: checker bug');
    expect(run.stdout).toMatch(/check broken: rubric \(line 26\): .*grader claude-haiku-4-5 gave no grade \(stop_reason max_tokens\)/);
  });

  it('JUnit: a broken check is an <error type="CheckBroken">, never a <failure>', async () => {
    const xml = await readFile(path.join(dir, 'out/junit.xml'), 'utf8');
    const testcase = (id: string) => new RegExp(`<testcase name="${id}"[\\s\\S]*?</testcase>`).exec(xml)![0];
    for (const id of ['check-throws', 'grader-silent', 'grader-cut']) {
      expect(testcase(id)).toContain('<error message="check broken: ');
      expect(testcase(id)).toContain('type="CheckBroken"');
      expect(testcase(id)).not.toContain('<failure');
    }
    expect(testcase('fails')).toContain('<failure');
    expect(xml).toMatch(/<testsuite name="outcomes" tests="6" failures="1" errors="4"/);
  });

  it('HTML and markdown name it "check broken"', async () => {
    expect(await readFile(path.join(dir, 'out/report.html'), 'utf8')).toContain('<details class="case s-broken"');
    const md = await readFile(path.join(dir, 'out/summary.md'), 'utf8');
    expect(md).toContain('1 passed · 1 failed · 1 errored · 3 broken · 0 skipped');
    expect(md).toContain('### Check broken (a check could not judge the answer)');
  });

  it('compare shows the case as broken now, not as failed', () => {
    const base = structuredClone(saved);
    for (const c of base.suites[0]!.cases) c.status = 'passed';
    const regressions = compareRuns(base, saved).regressions;
    expect(regressions.find((r) => r.id === 'check-throws')).toMatchObject({ base: 'passed', current: 'broken' });
    expect(statusOf('check-throws')).toBe('broken');
  });
});

describe('judging with broken checks', () => {
  const a = (pass: boolean, error = false, weight = 1): AssertionResult => ({
    name: 'x',
    negated: false,
    pass,
    score: pass ? 1 : 0,
    weight,
    reason: '',
    line: 1,
    col: 1,
    ...(error ? { error } : {}),
  });

  it('a sample fails when it fails whatever the broken check would say, else it is broken', () => {
    expect(judgeSample([a(true), a(false, true)], undefined).status).toBe('broken');
    expect(judgeSample([a(false), a(false, true)], undefined).status).toBe('failed');
    // Threshold 0.5 with weights 1 (passed) and 1 (broken): 0.5 even if it failed, 1 if it passed: unknown.
    expect(judgeSample([a(true), a(false, true)], 0.6).status).toBe('broken');
    // Weights 1 (failed) and 1 (broken): at best 0.5 < 0.6, so it failed whatever the check says.
    expect(judgeSample([a(false), a(false, true)], 0.6).status).toBe('failed');
    expect(judgeSample([a(true), a(true)], 0.6).status).toBe('passed');
  });

  it('a case with broken samples is broken unless it fails anyway', () => {
    expect(judgeCase(['passed', 'broken'], 1)).toMatchObject({ status: 'broken' });
    expect(judgeCase(['broken', 'broken'], 0.5)).toMatchObject({ status: 'broken' });
    expect(judgeCase(['failed', 'failed', 'broken'], 0.5)).toMatchObject({ status: 'failed' });
    expect(judgeCase(['passed', 'errored', 'broken'], 1)).toMatchObject({ status: 'errored' });
  });
});
