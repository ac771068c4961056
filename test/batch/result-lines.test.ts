/**
 * Every shape a batch results line can take, through the real SDK and the simulator: each settles
 * its own case (an answer, or an error naming what the line said or what was wrong with it), and no
 * line loses the batch's other answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { totals, type RunResult } from '../../src/run-result.ts';
import { startSimulator, type BatchOutcome, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY } from '../live/project.ts';
import { batchTransport, runBatchMode } from './batch-project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** One case per outcome, named for it, plus two cases whose lines are fine; the prompt says which line to send. */
async function runWith(outcomes: BatchOutcome[]): Promise<Record<string, RunResult['suites'][0]['cases'][0]>> {
  const cases = ['ok-1', 'ok-2', ...outcomes].map((id) => `  - id: ${id}\n    prompt: "${id}"\n    assert: [{ contains: "${id}" }]\n`).join('');
  const dir = await tempProject({ 'suites/a.yaml': `name: lines\nmodel: claude-haiku-4-5\nmax_tokens: 100\ncases:\n${cases}` });
  sim = await startSimulator({
    batchOutcome: (_id, params) => outcomes.find((o) => JSON.stringify(params.messages).includes(`"${o}"`)) ?? 'succeeded',
  });
  const result = await runBatchMode(dir, batchTransport(sim));
  expect(sim.stats.batchesCreated).toBe(1);
  expect(totals(result)).toMatchObject({ passed: 2, errored: outcomes.length, failed: 0 });
  return Object.fromEntries(result.suites[0]!.cases.map((c) => [c.id, c]));
}

describe('batch result lines', () => {
  it('the API shapes and the ones it should not send: each case errors with what its line said, the good answers are judged', async () => {
    const cases = await runWith(['errored', 'errored-bare', 'expired', 'canceled', 'unknown-type', 'truncated']);
    const error = (id: string) => cases[id]!.samples[0]!.error;
    expect(cases['ok-1']!.status).toBe('passed');
    expect(cases['ok-2']!.samples[0]!.output?.text).toContain('ok-2');
    expect(error('errored')).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringMatching(/^Simulated error for lines__errored__r1\. \(batch msgbatch_/),
    });
    expect(error('errored-bare')).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringMatching(/^Simulated bare error for lines__errored-bare__r1\. \(batch msgbatch_/),
    });
    expect(error('expired')).toMatchObject({ type: 'batch_expired' });
    expect(error('canceled')).toMatchObject({ type: 'batch_canceled' });
    expect(error('unknown-type')).toMatchObject({
      type: 'batch_unknown_result',
      message: expect.stringMatching(/answered this request with a result of type "deferred", which this promptgate does not know how to read$/),
    });
    expect(error('truncated')).toMatchObject({
      type: 'batch_bad_result',
      message: expect.stringMatching(/^line \d of batch msgbatch_\w+'s results is not JSON \(.+\): "\{\\"custom_id\\":\\"lines__truncated__r1\\"/),
    });
  });

  it.each<[BatchOutcome, RegExp]>([
    ['not-json', /gave no readable result for this request: line \d of batch \w+'s results is not JSON \(.+\): "<html>502 Bad Gateway<\/html>"$/],
    ['no-custom-id', /gave no readable result for this request: line \d of batch \w+'s results has no custom_id: "\{\\"result\\":\{\\"type\\":\\"succeeded\\"/],
  ])('a %s line, which names no case: the case left without a result errors with what was wrong with the line', async (outcome, message) => {
    const cases = await runWith([outcome]);
    expect(cases[outcome]!.samples[0]!.error).toMatchObject({ type: 'batch_bad_result', message: expect.stringMatching(message) });
  });

  it('through the CLI: an errored line without the envelope errors its case (exit 3), and the other answer is judged', async () => {
    const dir = await tempProject({
      'suites/a.yaml':
        'name: lines\nmodel: claude-haiku-4-5\nmax_tokens: 100\ncases:\n  - id: ok\n    prompt: "ok"\n    assert: [{ contains: "nope" }]\n  - id: bare\n    prompt: "bare"\n    assert: [{ contains: "bare" }]\n',
    });
    sim = await startSimulator({ batchOutcome: (id) => (id.includes('bare') ? 'errored-bare' : 'succeeded') });
    const out = await runCli(['run', '--batch'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code, out.stderr).toBe(3);
    expect(out.stdout).toMatch(/✗ lines\/ok .*\n +contains \(line \d+\): expected output to contain "nope"/);
    expect(out.stdout).toContain('error invalid_request_error: Simulated bare error for lines__bare__r1. (batch msgbatch_');
  });
});
