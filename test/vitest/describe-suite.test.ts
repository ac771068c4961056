import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requestKey } from '../../src/canonical-json.ts';
import { cassetteFile, writeCassette, type CallId } from '../../src/cassette/cassette.ts';
import { buildMessage, type ReplyContent } from '../../src/msw/message.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { runSuites } from '../../src/runner/run.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { normalizedRequest, ReplayTransport } from '../../src/transport/replay.ts';
import { startSimulator, toolAgentResponder, type Simulator } from '../support/sim/index.ts';

const project = path.join(import.meta.dirname, 'fixtures', 'project');

/** What each case's recording answers, by suite/case; `unrecorded` and `focused/other` have none on purpose. */
const answers: Record<string, ReplyContent[]> = {
  'demo/greets': ['Hello there!'],
  'focused/greets': ['Hello there!'],
  'demo/classifies': [[{ type: 'tool_use', name: 'classify_ticket', input: { category: 'billing' } }]],
  'demo/wrong-category': [[{ type: 'tool_use', name: 'classify_ticket', input: { category: 'account' } }]],
  'demo/two-reasons': ['A horse walks into a bar.'],
  'demo/sometimes': ['heads', 'tails'],
  'prompt-file/greets': ['Hello there!'],
  'tickets/T-1': ['billing'],
  'tickets/T-2': ['account'],
  'tickets/T-3': ['billing'],
  'attached/reads': ['A grey dot.'],
};

interface JsonAssertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending';
  failureMessages: string[];
}

let dir: string;
let byFile: Map<string, JsonAssertion[]>;
let fileErrors: Map<string, string>;
/** The verbose reporter's output: it prints a skipped test's note (the reason) after its name. */
let verboseLog: string;
let sim: Simulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pg-vitest-'));
  const fixtures = path.join(dir, 'fixtures');
  for (const suite of await loadSuites([path.join(project, 'suites')])) {
    for (const c of suite.cases) {
      for (const [i, answer] of (answers[`${suite.name}/${c.id}`] ?? []).entries()) {
        const id: CallId = { suite: suite.name, caseId: c.id, repeat: i + 1, role: 'case', index: 0 };
        const request = normalizedRequest({ ...id, suiteFile: suite.file, params: c.request, stream: c.stream, attachments: c.attachments });
        await writeCassette(cassetteFile(fixtures, id), {
          promptgate_cassette: 1,
          key: requestKey(request),
          call: `${suite.name}/${c.id}`,
          recorded_at: '2026-01-01T00:00:00.000Z',
          request,
          response: { message: buildMessage(answer, request as never) },
          latency_ms: 100,
        });
      }
    }
  }
  // A tool loop's steps are recorded as the runner records them: each request holds the conversation so far.
  const agent = await startSimulator({
    responder: toolAgentResponder([
      { name: 'lookup_order', input: { order_id: 'A-17' } },
      { name: 'refund', input: { order_id: 'A-17' } },
    ]),
  });
  try {
    const live = new LiveTransport({ apiKey: 'sk-local-simulator', baseURL: agent.url });
    await runSuites(await loadSuites([path.join(project, 'suites/agent.yaml')]), {
      transport: new RecordTransport(new ReplayTransport(fixtures), live, 'all'),
      concurrency: 2,
      toolVersion: 'test',
    });
  } finally {
    await agent.close();
  }
  sim = await startSimulator({
    responder: (r) =>
      JSON.stringify(r.messages).includes('charged twice')
        ? { content: [{ type: 'tool_use', name: 'classify_ticket', input: { category: 'billing' } }] }
        : 'Hello from the simulator',
  });
  const out = path.join(dir, 'results.json');
  const vitest = path.resolve('node_modules/vitest/vitest.mjs');
  // A child vitest: the tests describeSuite registers are inspected from its JSON report.
  const child = await promisify(execFile)(process.execPath, [vitest, 'run', '--reporter=json', '--reporter=verbose', `--outputFile.json=${out}`], {
    cwd: project,
    env: { ...process.env, PG_FIXTURES: fixtures, PG_SIM_URL: sim.url, PG_RECORD_DIR: path.join(dir, 'recorded'), CI: '1', NO_COLOR: '1' },
  }).catch((e: { code?: number; stdout: string; stderr: string }) => {
    if (e.code !== 1) throw e; // 1: some tests failed, as some must
    return e;
  });
  verboseLog = child.stdout;
  const report = JSON.parse(await readFile(out, 'utf8')) as { testResults: { name: string; message: string; assertionResults: JsonAssertion[] }[] };
  byFile = new Map(report.testResults.map((r) => [path.basename(r.name), r.assertionResults]));
  fileErrors = new Map(report.testResults.map((r) => [path.basename(r.name), r.message]));
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

const result = (file: string, title: string) => byFile.get(file)!.find((t) => t.title === title)!;
/** The note of a skipped test, as the verbose reporter prints it: `↓ file > describe > title 0ms [note]`. */
const skipNote = (file: string, title: string) =>
  verboseLog
    .split('\n')
    .find((line) => line.includes(` ${file} > `) && line.includes(` > ${title} `))
    ?.match(/ \d+ms \[(.*)\]$/)?.[1];

describe('describeSuite', () => {
  test('registers one test per case under the suite file, named suite/case (name)', () => {
    const tests = byFile.get('demo.spec.ts')!;
    expect(tests.map((t) => t.title)).toEqual([
      'demo/greets',
      'demo/classifies (billing ticket)',
      'demo/wrong-category',
      'demo/two-reasons',
      'demo/unrecorded',
      'demo/later',
      'demo/sometimes',
    ]);
    expect(new Set(tests.map((t) => t.ancestorTitles.join(' > ')))).toEqual(new Set(['suites/demo.yaml']));
  });

  test('a suite whose system prompt is a file (system: { file: … }) loads, and its recording replays', async () => {
    expect(result('prompt-file.spec.ts', 'prompt-file/greets').status).toBe('passed');
    const cassette = JSON.parse(await readFile(path.join(dir, 'fixtures/prompt-file/greets.json'), 'utf8')) as { request: { system: unknown } };
    expect(cassette.request.system).toBe('You greet visitors to the museum.\nStart every answer with "Hello".\n');
  });

  test('cases whose recordings pass their assertions pass; skip: is skipped', () => {
    expect(result('demo.spec.ts', 'demo/greets').status).toBe('passed');
    expect(result('demo.spec.ts', 'demo/classifies (billing ticket)').status).toBe('passed');
    expect(result('demo.spec.ts', 'demo/later').status).toBe('skipped');
  });

  test('a failing case fails with the reason of each failed assertion at its suite line', () => {
    const failed = result('demo.spec.ts', 'demo/wrong-category');
    expect(failed.status).toBe('failed');
    const message = failed.failureMessages.join('\n');
    expect(message).toMatch(/demo\/wrong-category failed \(suites\/demo\.yaml:22:5\)/);
    expect(message).toMatch(/✗ tool_input at suites\/demo\.yaml:26:9: .*category.*billing.*account/);
    expect(message).not.toContain('tool_called'); // it passed: only failures are listed

    const two = result('demo.spec.ts', 'demo/two-reasons').failureMessages.join('\n');
    expect(two).toMatch(/✗ contains at suites\/demo\.yaml:31:9: .*knock knock/);
    expect(two).toMatch(/✗ regex at suites\/demo\.yaml:32:9: .*\^Why/);
    expect(two).not.toMatch(/length at/);
  });

  test('a case with no recording errors, saying how to record it', () => {
    const errored = result('demo.spec.ts', 'demo/unrecorded');
    expect(errored.status).toBe('failed');
    const message = errored.failureMessages.join('\n');
    expect(message).toMatch(/demo\/unrecorded errored/);
    expect(message).toMatch(/missing_recording: no recording for demo\/unrecorded/);
    expect(message).toMatch(/→ re-record it: npx promptgate run .*--record --filter unrecorded/);
  });

  test('repeats are judged like a suite run: pass rate and the failing sample', () => {
    const message = result('demo.spec.ts', 'demo/sometimes').failureMessages.join('\n');
    expect(message).toMatch(/pass rate 50% \(1\/2\), below min_pass_rate 100%/);
    expect(message).toMatch(/✗ contains \[sample 2\] at suites\/demo\.yaml:\d+:9: .*heads/);
  });

  test('filter: cases that do not match are registered as skipped, saying why', () => {
    const tests = byFile.get('filtered.spec.ts')!;
    expect(tests.filter((t) => t.status === 'passed').map((t) => t.title)).toEqual(['demo/greets']);
    expect(tests.filter((t) => t.status === 'skipped')).toHaveLength(6);
    expect(skipNote('filtered.spec.ts', 'demo/classifies (billing ticket)')).toBe('not selected: neither demo/classifies nor its name contains "greets"');
  });

  test('only: the case marked only runs alone; the others are skipped, saying why', () => {
    const tests = byFile.get('focused.spec.ts')!;
    expect(tests.map((t) => [t.title, t.status])).toEqual([
      ['focused/greets', 'passed'],
      ['focused/other', 'skipped'],
      ['focused/later', 'skipped'],
    ]);
    expect(skipNote('focused.spec.ts', 'focused/other')).toBe('not marked only: (another case is)');
    expect(skipNote('focused.spec.ts', 'focused/later')).toBe('waiting for the new prompt');
  });

  test('models: one test per (case, model), named as the reports name them (matrix.spec.ts)', () => {
    const titles = byFile.get('matrix.spec.ts')!.map((t) => t.title);
    expect(titles).toEqual(['matrix/greets [claude-haiku-4-5]', 'matrix/greets [claude-sonnet-5-5]']);
  });

  test('a tool-loop suite replays each recorded step; a trajectory check that fails names the step (agent.spec.ts)', () => {
    expect(byFile.get('agent.spec.ts')!.map((t) => [t.title, t.status])).toEqual([
      ['agent/looks-up-then-refunds', 'passed'],
      ['agent/expects-refund-first', 'failed'],
    ]);
    expect(result('agent.spec.ts', 'agent/expects-refund-first').failureMessages.join('\n')).toMatch(/tool_sequence.*step 1 called lookup_order/s);
  });

  test('a dataset suite: one test per row, named by its key column; a row whose answer differs fails at the assertion (dataset.spec.ts)', () => {
    expect(byFile.get('dataset.spec.ts')!.map((t) => [t.title, t.status])).toEqual([
      ['tickets/T-1', 'passed'],
      ['tickets/T-2', 'passed'],
      ['tickets/T-3', 'failed'],
    ]);
    expect(result('dataset.spec.ts', 'tickets/T-3').failureMessages.join('\n')).toMatch(/✗ equals at suites\/tickets\.yaml:9:9: .*shipping/);
  });

  test("mode 'live' calls the API (here the local simulator) over HTTP", () => {
    const live = byFile.get('live.spec.ts')!;
    expect(live.filter((t) => t.status === 'passed').map((t) => t.title)).toEqual(['demo/greets', 'demo/classifies (billing ticket)']);
    expect(sim.stats.requests).toBeGreaterThanOrEqual(2);
  });

  test("mode 'record' writes the cassette it answered from", async () => {
    const cassette = JSON.parse(await readFile(path.join(dir, 'recorded', 'demo', 'classifies.json'), 'utf8'));
    expect(cassette).toMatchObject({
      call: 'demo/classifies',
      response: { message: { content: [{ name: 'classify_ticket', input: { category: 'billing' } }] } },
    });
  });

  test('PROMPTGATE_LIVE=0 refuses live even with a key, as the CLI does', () => {
    expect(fileErrors.get('gated.spec.ts')).toMatch(
      /^describeSuite: mode 'live' is turned off here: PROMPTGATE_LIVE=0\. Unset it to call the API, or use mode 'replay'/,
    );
    expect(byFile.get('gated.spec.ts')).toEqual([]);
  });

  test('live without a key fails the file, saying what to set', () => {
    expect(fileErrors.get('no-key.spec.ts')).toMatch(/describeSuite: mode 'live' calls the Claude API and needs ANTHROPIC_API_KEY/);
  });
});

describe('describeSuite refuses what promptgate run refuses', () => {
  test('a case attaching a file replays from its recording, which holds the file by hash (attached.spec.ts)', async () => {
    expect(result('attached.spec.ts', 'attached/reads')).toMatchObject({ status: 'passed' });
    const stored = await readFile(path.join(dir, 'fixtures', 'attached', 'reads.json'), 'utf8');
    expect(stored).toMatch(/"data": "sha256:[0-9a-f]{64} \(\d+ bytes, \.\.\/inputs\/dot\.png\)"/);
    expect(stored).not.toContain((await readFile(path.join(project, 'inputs', 'dot.png'))).toString('base64'));
  });

  test('a selection of nothing is one failing test saying why; the other describe of the file still runs', () => {
    const tests = byFile.get('empty.spec.ts')!;
    expect(tests.map((t) => [t.title, t.status])).toEqual([
      ['run refused', 'failed'],
      ...tests.slice(1).map((t) => [t.title, t.title === 'demo/greets' ? 'passed' : 'skipped']),
    ]);
    expect(tests).toHaveLength(8);
    expect(tests[0]!.failureMessages.join('\n')).toMatch(
      /^filter 'grets' matched no case \(7 cases in 1 suite\); did you mean 'greets'\? Nothing would be tested, so this is not a pass; pass allowEmpty: true if that is what you want\.$/m,
    );
  });

  test('allowEmpty: the file passes, and a skipped test says it ran nothing', () => {
    const tests = byFile.get('empty-allowed.spec.ts')!;
    expect(tests.every((t) => t.status === 'skipped')).toBe(true);
    expect(skipNote('empty-allowed.spec.ts', 'ran nothing')).toBe("ran nothing: filter 'grets' matched no case (7 cases in 1 suite); did you mean 'greets'?");
  });

  test('CI set: a committed only: is one failing test pointing at the only: line; allowOnly runs it (focused.spec.ts)', () => {
    const tests = byFile.get('only-in-ci.spec.ts')!;
    expect(tests.map((t) => [t.title, t.status])).toEqual([['run refused', 'failed']]);
    expect(tests[0]!.failureMessages.join('\n')).toMatch(
      /^suites\/focused\.yaml:7:5: error: only: is committed and CI is set \(CI=1\): .* pass allowOnly: true to run the focused cases anyway\.$/m,
    );
  });
});
