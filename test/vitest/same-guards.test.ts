/**
 * One run sequence for every entry: the CLI (main), the library (runSequence) and the vitest kit
 * (describeSuite) refuse the same capped suite with the same message (each naming its own options),
 * before any message is sent.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { runContext } from '../../src/run-context.ts';
import { runSequence } from '../../src/run-sequence.ts';
import { runMain } from '../support/run-main.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

const project = path.join(import.meta.dirname, 'fixtures', 'capped');
const KEY = 'sk-sim-guards-7Qx2';
let sim: Simulator;
let env: Record<string, string>;
/** The refusal as the library throws it: what the other two entries must say. */
let refusal: string;

beforeAll(async () => {
  sim = await startSimulator();
  // The run's own environment: the simulator's URL reaches the SDK through it, not through process.env.
  env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
  const error = await runSequence({ paths: ['suites/capped.yaml'], mode: 'live' }, runContext({ cwd: project, env })).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  refusal = (error as InputError).diagnostics[0]!.message;
});
afterAll(() => sim?.close());

const messagesSent = () => sim.requests.filter((r) => r.path === '/v1/messages').length;

test('the library refuses the suite over its max_cost_usd before sending a message', () => {
  expect(refusal).toMatch(/^suite capped: estimated cost \$[\d.]+ \(.*\) exceeds its max_cost_usd \$0\.000001\. Nothing was sent\./);
  expect(messagesSent()).toBe(0);
});

test('promptgate run refuses it with the same message (exit 2)', async () => {
  const r = await runMain(['run', 'suites/capped.yaml', '--live'], { cwd: project, env });
  // The same refusal, each entry naming its own options: the CLI its flags.
  expect(r.stderr).toBe(`error: ${refusal.replace('(filter, tags, shard)', '(--filter, --tag, --shard)')}\n`);
  expect(r.code).toBe(2);
  expect(messagesSent()).toBe(0);
});

test('describeSuite refuses it with the same message, as one failing test', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'pg-same-guards-'));
  try {
    const out = path.join(dir, 'results.json');
    await promisify(execFile)(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile.json=${out}`], {
      cwd: project,
      env: { ...process.env, PG_SIM_URL: sim.url, NO_COLOR: '1' },
    }).catch((e: { code?: number }) => {
      if (e.code !== 1) throw e; // 1: the refusal is a failing test
    });
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const tests = report.testResults.flatMap((r) => r.assertionResults);
    expect(tests.map((t) => [t.title, t.status])).toEqual([['run refused', 'failed']]);
    expect(tests[0]!.failureMessages[0]).toContain(refusal);
    expect(messagesSent()).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
