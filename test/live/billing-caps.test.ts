/**
 * One test per billing rule that can raise a call's price: a run capped just below what the call
 * truly costs is refused, and nothing the server received costs more than the cap. The true cost is
 * measured first, by an uncapped run against the same simulator (deterministic usage).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { usageFrom, type CallRecord, type RunResult } from '../../src/run-result.ts';
import { startSimulator, type Reply, type ReplyBlock, type SimRequest, type Simulator, type SimulatorOptions } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { type CliOutput, runCli } from '../support/cli.ts';
import { KEY } from './project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const callsOf = (r: RunResult): CallRecord[] => r.suites.flatMap((s) => s.cases.flatMap((c) => c.samples.flatMap((x) => x.calls)));
const usd = (calls: CallRecord[]) => calls.reduce((sum, c) => sum + callCost(c.model, c.usage, { batch: c.batch })!.total, 0);
/** What the API bills for what the simulator answered: the usage it sent back, priced. */
/** An answer that ran `n` web searches before its text, as the API shows them: a call and its result block each. */
const searched = (n: number, text = 'Found it.'): Reply => ({
  content: [
    ...Array.from({ length: n }, (): ReplyBlock[] => [
      { type: 'server_tool_use', name: 'web_search', input: { query: 'news' } },
      { type: 'web_search_tool_result', content: [] },
    ]).flat(),
    { type: 'text', text },
  ],
});
const billed = (s: Simulator) => s.requests.filter((r) => r.path === '/v1/messages').length;

interface Rule {
  name: string;
  suite: string;
  sim?: SimulatorOptions;
  /** What makes the true cost (checked on the measured usage, so the test measures the rule it names). */
  check: (calls: CallRecord[]) => void;
}

/** A system prompt of about `tokens` simulator tokens (4 characters each), as a block that may carry cache_control. */
const longSystem = (tokens: number, control: string) =>
  `system:\n  - type: text\n    text: "${'lorem ip '.repeat(Math.ceil((tokens * 4) / 9))}"\n${control ? `    cache_control: ${control}\n` : ''}`;

const RULES: Rule[] = [
  {
    name: 'a 5-minute cache write (1.25x input on Haiku 4.5)',
    suite: `name: cw5\nmodel: claude-haiku-4-5\nmax_tokens: 16\ncache: false\n${longSystem(5000, '{ type: ephemeral }')}cases:\n  - id: c1\n    prompt: hi\n`,
    check: ([call]) => expect(call!.usage.cache_creation_5m_input_tokens).toBeGreaterThan(4096),
  },
  {
    name: 'a 1-hour cache write (2x input on Haiku 4.5)',
    suite: `name: cw1h\nmodel: claude-haiku-4-5\nmax_tokens: 16\ncache: false\n${longSystem(5000, '{ type: ephemeral, ttl: 1h }')}cases:\n  - id: c1\n    prompt: hi\n`,
    check: ([call]) => expect(call!.usage.cache_creation_1h_input_tokens).toBeGreaterThan(4096),
  },
  {
    // The simulator counts 100,002 prompt tokens; a gateway's count_tokens says 99,990, under the 100,000 edge.
    name: 'a Haiku 5.5 prompt just over the 100,000-token tier after a count_tokens answer just under it',
    suite: `name: tier\nmodel: claude-haiku-5-5\nmax_tokens: 16\ncache: false\ncases:\n  - id: c1\n    prompt: "${'x'.repeat(100_002 * 4)}"\n`,
    sim: { countTokens: () => 99_990 },
    check: ([call]) => expect(call!.usage.input_tokens).toBeGreaterThan(100_000),
  },
  // A long prompt and a short answer: the input is most of the cost, so an uncounted prompt cannot hide behind max_tokens.
  {
    name: 'a gateway whose count_tokens answers 0',
    suite: `name: zero\nmodel: claude-haiku-4-5\nmax_tokens: 16\ncases:\n  - id: c1\n    prompt: "${'tell me more '.repeat(700)}"\n`,
    sim: { countTokens: () => 0 },
    check: ([call]) => expect(call!.usage.input_tokens).toBeGreaterThan(2000),
  },
  {
    name: 'a gateway whose count_tokens answers a negative number',
    suite: `name: negative\nmodel: claude-haiku-4-5\nmax_tokens: 16\ncases:\n  - id: c1\n    prompt: "${'tell me more '.repeat(700)}"\n`,
    sim: { countTokens: () => -5000 },
    check: ([call]) => expect(call!.usage.input_tokens).toBeGreaterThan(2000),
  },
  {
    name: 'a web search answer ($10 per 1,000 searches, up to max_uses)',
    suite: `name: search\nmodel: claude-haiku-4-5\nmax_tokens: 64\ntools:\n  - { type: web_search_20250305, name: web_search, max_uses: 3 }\ncases:\n  - id: c1\n    prompt: what is new\n`,
    sim: { responder: () => searched(3) },
    check: ([call]) => expect(call!.usage.server_tool_use).toEqual({ web_search_requests: 3, web_fetch_requests: 0 }),
  },
];

async function run(dir: string, args: string[]): Promise<CliOutput> {
  return runCli(['run', '--live', ...args], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim!.url } });
}

describe('--max-cost holds under every billing rule: capped just below the true cost, the call is refused', () => {
  it.each(RULES)('$name', async (rule) => {
    sim = await startSimulator(rule.sim ?? {});
    const dir = await tempProject({ 'suites/s.yaml': rule.suite });

    // The true cost: an uncapped run, priced from the usage the simulator sent back.
    const free = await run(dir, ['--results', 'free.json']);
    expect(free.code, free.stdout + free.stderr).toBe(0);
    const calls = callsOf(JSON.parse(await readFile(path.join(dir, 'free.json'), 'utf8')) as RunResult);
    expect(calls).toHaveLength(1);
    rule.check(calls);
    const trueCost = usd(calls);

    // Capped a millionth of a dollar below it: refused before anything is sent.
    sim.reset();
    const cap = Math.floor(trueCost * 1e6 - 1) / 1e6;
    const capped = await run(dir, ['--max-cost', cap.toFixed(6), '--results', 'capped.json']);
    expect(capped.code, capped.stdout + capped.stderr).toBe(2);
    expect(capped.stderr).toMatch(/exceeds --max-cost .*Nothing was sent/);
    expect(billed(sim)).toBe(0);
  });

  it('says in the estimate when a count_tokens answer is not trusted, and what it used instead', async () => {
    sim = await startSimulator({ countTokens: () => -5000 });
    const dir = await tempProject({ 'suites/s.yaml': RULES[4]!.suite });
    const out = await run(dir, ['--max-cost', '1']);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /^promptgate: estimate: count_tokens answered -5000 for a claude-haiku-4-5 request of \d+ bytes, a negative count: not trusted, so its input is estimated at one token per byte \(a safe upper bound\)$/m,
    );
  });

  it('a web search with no max_uses reserves a stated bound, and the cost report shows the searches', async () => {
    sim = await startSimulator({ responder: () => searched(2) });
    const suite = RULES[5]!.suite.replace(', max_uses: 3', '');
    const dir = await tempProject({ 'suites/s.yaml': suite });
    const out = await run(dir, ['--max-cost', '1', '--results', 'r.json']);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /^promptgate: estimate: search\/c1: web_search has no max_uses: reserved 13 uses \(one per 5 of max_tokens 64\); set max_uses to reserve less$/m,
    );
    expect(out.stdout).toMatch(/^ {2}server tools: 2 searches · \$0\.02 included$/m);
    const [call] = callsOf(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult);
    // Its tokens plus $0.01 a search.
    const tokensOnly = callCost(call!.model, usageFrom({ input_tokens: call!.usage.input_tokens, output_tokens: call!.usage.output_tokens }), {
      batch: false,
    })!.total;
    expect(callCost(call!.model, call!.usage, { batch: false })!.total).toBeCloseTo(tokensOnly + 0.02, 12);
  });

  it('a run whose estimate fits (a cheaper recording) still stops on the budget before sending a search it cannot pay for', async () => {
    // Recorded when the model did not search; live, it may search up to max_uses: 3, which the cap cannot hold.
    let searches = 0;
    sim = await startSimulator({ responder: (request: SimRequest) => searched(searches, `Found it (${request.model}).`) });
    const dir = await tempProject({ 'suites/s.yaml': RULES[5]!.suite });
    const recorded = await runCli(['run', '--record'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(recorded.code, recorded.stdout + recorded.stderr).toBe(0);
    sim.reset();
    searches = 3;
    const out = await run(dir, ['--max-cost', '0.02', '--results', 'r.json']);
    expect(out.code, out.stdout + out.stderr).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(result.stopped?.reason).toBe('budget');
    expect(billed(sim)).toBe(0);
  });
});
