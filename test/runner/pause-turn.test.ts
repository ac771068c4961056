/**
 * A turn the API pauses (`stop_reason: pause_turn`, a long server-tool loop) is continued as the docs
 * say: the same request with the paused content sent back as the assistant's. Every continuation is
 * a call of its own (recorded to `<case>.cont-<k>.json`), replay reproduces the whole turn offline,
 * and the turn is judged as one answer. A turn still paused at the bound is errored, saying so.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/format/usd.ts';
import { callCost } from '../../src/pricing/cost.ts';
import type { SampleResult } from '../../src/run-result.ts';
import { DEFAULT_MAX_CONTINUATIONS } from '../../src/runner/turn.ts';
import { uncountedWorstCall } from '../../src/runner/worst-case.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { pausingResponder, startSimulator, type Simulator } from '../support/sim/index.ts';
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
  - { type: web_search_20250305, name: web_search, max_uses: 5 }
cases:
  - id: news
    prompt: search the news about tides
    assert:
      - tool_called: web_search
      - contains: "Echo: search the news about tides"
      - stop_reason: end_turn
      - max_output_tokens: 100000
      - max_cost_usd: 1
  - id: news-streamed
    stream: true
    prompt: search the news about tides
    assert:
      - tool_called: web_search
      - contains: "Echo: search the news about tides"
`;

const only = (result: Awaited<ReturnType<typeof replay>>, id: string): SampleResult => result.suites[0]!.cases.find((c) => c.id === id)!.samples[0]!;

describe('a paused turn', () => {
  it('is continued on a model that refuses assistant prefill: a paused turn sent back is no prefill', async () => {
    sim = await startSimulator({ responder: pausingResponder(1) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE.replace('claude-haiku-4-5', 'claude-sonnet-5') });
    const sample = only(await record(dir, sim.url), 'news');
    expect(sample.error).toBeUndefined();
    expect(sample.status).toBe('passed');
    expect(sample.calls).toHaveLength(2);
  });

  it('is continued live, each continuation recorded, then replayed offline with the same verdict', async () => {
    sim = await startSimulator({ responder: pausingResponder(2) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const recorded = await record(dir, sim.url);
    const live = only(recorded, 'news');
    expect(live.status).toBe('passed');
    // Three calls: the request as written, and two continuations.
    expect(live.calls.map((c) => path.basename(c.cassette!))).toEqual(['news.json', 'news.cont-1.json', 'news.cont-2.json']);
    // The turn is one answer: both searches, the last step's stop reason, all steps' text.
    expect(live.output!.toolCalls.map((c) => [c.name, c.server])).toEqual([
      ['web_search', true],
      ['web_search', true],
    ]);
    expect(live.output!.stopReason).toBe('end_turn');
    // Its usage and cost are the steps' sums.
    const outputTokens = live.calls.reduce((n, c) => n + c.usage.output_tokens, 0);
    expect(live.assertions.find((a) => a.name === 'max_output_tokens')!.actual).toBe(`${outputTokens} tokens`);
    const cost = live.calls.reduce((usd, c) => usd + callCost(c.model, c.usage, { batch: false })!.total, 0);
    expect(live.assertions.find((a) => a.name === 'max_cost_usd')!.actual).toBe(formatUsd(cost));
    expect(only(recorded, 'news-streamed').status).toBe('passed');
    expect((await readdir(path.join(dir, 'fixtures/s'))).sort()).toEqual(
      ['news-streamed.cont-1.json', 'news-streamed.cont-2.json', 'news-streamed.json', 'news.cont-1.json', 'news.cont-2.json', 'news.json'].sort(),
    );

    // A continuation is the request as written plus the paused turn as the assistant's: same params otherwise.
    const bodies = sim.requests
      .filter((r) => r.path === '/v1/messages')
      .map((r) => r.body as { messages: { role: string; content: { type: string }[] }[]; stream?: boolean });
    const plain = bodies.filter((b) => !b.stream);
    expect(plain).toHaveLength(3);
    expect(plain[0]!.messages).toHaveLength(1);
    const { messages: m1, ...rest1 } = plain[1]!;
    const { messages: m0, ...rest0 } = plain[0]!;
    expect(rest1).toEqual(rest0);
    expect(m1.slice(0, 1)).toEqual(m0);
    expect(m1[1]!.role).toBe('assistant');
    expect(m1[1]!.content.map((b) => b.type)).toEqual(['server_tool_use']);
    // The second continuation sends back the whole turn so far, as one assistant message.
    expect(plain[2]!.messages[1]!.content.map((b) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'server_tool_use']);

    const seen = sim.requests.length;
    await sim.close();
    sim = undefined;
    const replayed = await replay(dir);
    for (const id of ['news', 'news-streamed']) {
      const again = only(replayed, id);
      expect(again.status).toBe('passed');
      expect(again.output).toEqual(only(recorded, id).output);
      expect(again.assertions.map((a) => [a.name, a.pass])).toEqual(only(recorded, id).assertions.map((a) => [a.name, a.pass]));
    }
    expect(seen).toBe(bodies.length);
  });

  it('still paused at the bound is errored with that reason, its calls all counted', async () => {
    sim = await startSimulator({ responder: pausingResponder(DEFAULT_MAX_CONTINUATIONS + 1) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const sample = only(await record(dir, sim.url), 'news');
    expect(sample.status).toBe('errored');
    expect(sample.error).toMatchObject({
      type: 'paused_turn',
      message: `the turn was still paused (stop_reason pause_turn) after ${DEFAULT_MAX_CONTINUATIONS} continuations; no final answer to judge`,
    });
    expect(sample.calls).toHaveLength(DEFAULT_MAX_CONTINUATIONS + 1);
  });

  it('one continuation fewer than the bound is enough', async () => {
    sim = await startSimulator({ responder: pausingResponder(DEFAULT_MAX_CONTINUATIONS) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const sample = only(await record(dir, sim.url), 'news');
    expect(sample.status).toBe('passed');
    expect(sample.calls).toHaveLength(DEFAULT_MAX_CONTINUATIONS + 1);
  });

  it('a continuation goes through the same send as any call: it is retried, and it must fit the spend cap', async () => {
    // The first continuation (request 2) is turned away once with a 529: retried, the turn still ends.
    sim = await startSimulator({ responder: pausingResponder(1), faults: (n) => (n === 2 ? 529 : undefined), faultRetryAfterMs: 1 });
    const dir = await tempProject({ 'suites/s.yaml': SUITE.split('  - id: news-streamed')[0]! });
    const retried = only(await record(dir, sim.url), 'news');
    expect(retried).toMatchObject({ status: 'passed', retries: 1 });
    expect(retried.calls).toHaveLength(2);

    // A cap the first call fits and the continuation, reserved at its own worst case, does not.
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    const firstWorst = uncountedWorstCall(suite!.cases[0]!.request, false).usd;
    const capped = await record(dir, sim.url, 'all', { budget: { maxCostUsd: firstWorst * 1.02, worstCaseUsd: () => 0 } });
    const sample = only(capped, 'news');
    expect(sample.status).toBe('errored');
    expect(sample.error).toMatchObject({ type: 'budget', message: expect.stringMatching(/^not sent: /) });
    expect(sample.calls).toHaveLength(1);
    expect(capped.stopped?.reason).toBe('budget');
  });

  it('a continuation whose turn so far changed is a stale recording, as any changed request is', async () => {
    sim = await startSimulator({ responder: pausingResponder(1) });
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    await record(dir, sim.url);
    // The first step's answer was recorded again and came out otherwise: its continuation no longer matches.
    const first = path.join(dir, 'fixtures/s/news.json');
    const cassette = JSON.parse(await readFile(first, 'utf8')) as { response: { message: { content: { input?: { query: string } }[] } } };
    cassette.response.message.content[0]!.input!.query = 'something else';
    await writeFile(first, JSON.stringify(cassette));
    const sample = only(await replay(dir), 'news');
    expect(sample.status).toBe('errored');
    expect(sample.error).toMatchObject({ type: 'stale_recording', message: expect.stringContaining('s/news (continuation 1)') });
    expect(sample.error!.diff).toContain('something else');
  });
});
