/**
 * The cost report says where its token counts came from: the API, recordings of it, or recordings
 * a simulator made (the project's examples, whose counts are estimates); and how many output
 * tokens were thinking, where the API said.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { costMarkdown, costReport, costSummaryLines } from '../../reporters/cost.ts';
import { htmlReport } from '../../reporters/html.ts';
import { usageFrom, type CallRecord, type RunResult } from '../../src/run-result.ts';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { replay, tempProject } from '../support/project.ts';
import { call, caseResult, sample } from './fixtures.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\ncases:\n  - id: a\n    prompt: hi\n  - id: b\n    prompt: bye\n';

async function recorded(source?: 'simulator'): Promise<string> {
  sim = await startSimulator();
  const dir = await tempProject({ 'suites/s.yaml': SUITE });
  const live = new LiveTransport({ apiKey: 'sk-ant-test-key', baseURL: sim.url });
  const transport = new RecordTransport(new ReplayTransport(path.join(dir, 'fixtures')), live, 'all', source ? { source } : {});
  await runSuites(await loadSuites([path.join(dir, 'suites')]), { transport, concurrency: 1, toolVersion: 'test' });
  return dir;
}

/** A run of one passing case per entry, each with one sample making those calls. */
const runOf = (cases: CallRecord[][], mode: RunResult['mode'] = 'live'): RunResult => ({
  version: 1,
  tool: { name: 'promptgate', version: 'test' },
  mode,
  startedAt: '2026-11-30T12:00:00.000Z',
  durationMs: 5,
  suites: [
    {
      file: 's.yaml',
      name: 's',
      digest: 'd',
      cases: cases.map((calls, i) => caseResult({ id: `c${i}`, status: 'passed', line: 4 + i, samples: [sample({ status: 'passed', calls })] })),
    },
  ],
});
/** A live run of one passing case per call. */
const liveRun = (calls: CallRecord[]): RunResult => runOf(calls.map((c) => [c]));

const usageLine = (result: RunResult) => costSummaryLines(result).find((l) => l.startsWith('  usage: '));

describe('where the usage came from', () => {
  it('a replay of simulator-made recordings says its counts are estimates, in the summary, the markdown and the JSON', async () => {
    const result = await replay(await recorded('simulator'));
    expect(result.suites[0]!.cases.flatMap((c) => c.samples[0]!.calls.map((k) => k.source))).toEqual(['simulator', 'simulator']);
    expect(usageLine(result)).toBe('  usage: from recordings a simulator made, not the API: estimated token counts (characters / 4, no tool-use overhead)');
    expect(costMarkdown(result)).toContain(
      '- Usage: from recordings a simulator made, not the API: estimated token counts (characters / 4, no tool-use overhead).',
    );
    expect(costReport(result).simulatorCalls).toBe(2);
    expect(htmlReport(result)).toContain(
      'Usage: from recordings a simulator made, not the API: estimated token counts (characters / 4, no tool-use overhead).',
    );
  });

  it("a replay of the API's recordings, and a live run, say so", async () => {
    const dir = await recorded();
    expect(usageLine(await replay(dir))).toBe("  usage: from recordings of the API's answers");
    const live = await runSuites(await loadSuites([path.join(dir, 'suites')]), {
      transport: new LiveTransport({ apiKey: 'sk-ant-test-key', baseURL: sim!.url }),
      concurrency: 1,
      toolVersion: 'test',
    });
    expect(usageLine(live)).toBe('  usage: as the API reported it');
  });

  it('a mix says how many calls were simulated', () => {
    const result = runOf([[call('claude-haiku-4-5', { input_tokens: 10 }, { source: 'simulator' }), call('claude-haiku-4-5', { input_tokens: 10 })]], 'replay');
    expect(usageLine(result)).toBe("  usage: 1 of 2 calls from recordings a simulator made (estimated token counts), the rest from the API's");
  });
});

describe('thinking tokens', () => {
  it("are read from the SDK's usage (output_tokens_details.thinking_tokens) and shown as a share of the output", () => {
    const u = usageFrom({ input_tokens: 100, output_tokens: 900, output_tokens_details: { thinking_tokens: 700 } });
    expect(u.thinking_tokens).toBe(700);
    expect(usageFrom({ input_tokens: 1, output_tokens: 2 })).not.toHaveProperty('thinking_tokens');
    const result = liveRun([{ ...call('claude-sonnet-5-5', {}), usage: u }]);
    expect(costSummaryLines(result)).toContain('  thinking: 700 of the 900 output tokens');
    expect(costMarkdown(result)).toContain('- Thinking: 700 of the 900 output tokens.');
    expect(costReport(result).thinkingTokens).toBe(700);
    expect(htmlReport(result)).toContain('Thinking: 700 of the 900 output tokens.');
  });
});

describe('what a run that pays counts', () => {
  const sent = call('claude-haiku-4-5', { input_tokens: 1_000, output_tokens: 100 });
  const replayed = call('claude-haiku-4-5', { input_tokens: 1_000, output_tokens: 100 }, { replayed: true });
  const cut = call('claude-haiku-4-5', { input_tokens: 1_000, output_tokens: 64 }, { outcome: 'unknown' });

  it('leaves out calls answered from recordings (--changed): they were not sent, in no figure of any report', () => {
    const result = liveRun([sent, replayed, replayed]);
    const alone = costReport(liveRun([sent]));
    const report = costReport(result);
    expect(report.total).toEqual(alone.total);
    expect(report.bySuite[0]!.usd).toEqual(alone.bySuite[0]!.usd);
    expect(report.byCase.map((c) => c.calls)).toEqual([1, 0, 0]);
    expect(report.replayedCalls).toBe(2);
    const lines = costSummaryLines(result);
    expect(lines).toContain('  2 calls answered from recordings, not sent: in no figure above');
    expect(lines.find((l) => l.startsWith('  total '))).toMatch(/^ {2}total +1 +1,000 +100 /);
    expect(costSummaryLines(liveRun([replayed]))).toEqual(['Cost: nothing was sent to the API, so nothing was spent (1 call answered from recordings).']);
  });

  it('says which calls stand at their worst case, not as the API reported them', () => {
    const result = liveRun([sent, cut]);
    expect(costReport(result).worstCaseCalls).toBe(1);
    expect(usageLine(result)).toBe(
      '  usage: as the API reported it, but for 1 of 2 calls sent with no answer back, counted at their worst case (the input and max_tokens out)',
    );
  });
});
