import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callCost } from '../../src/pricing/cost.ts';
import { usageFrom } from '../../src/run-result.ts';
import { estimatePlan } from '../../src/runner/cost-estimate.ts';
import { plan } from '../../src/runner/plan.ts';
import { checkSpendCap } from '../../src/runner/spend-cap.ts';
import { promptUpperBound } from '../../src/runner/worst-case.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';

const SUITE = `
name: est
model: claude-haiku-4-5
max_tokens: 1000
grader: { model: claude-sonnet-4-5, max_tokens: 200 }
cases:
  - id: plain
    prompt: "hi"
    repeat: 2
  - id: graded
    prompt: "hello"
    assert:
      - rubric: "is polite"
  - id: off
    prompt: "skip me"
    skip: "not today"
`;

const cost = (model: string, input: number, output: number) =>
  callCost(model, usageFrom({ input_tokens: input, output_tokens: output }), { batch: false })!.total;

describe('the pre-run cost estimate', () => {
  it('input from count_tokens, output from max_tokens; a rubric adds a grader call that reads the whole worst-case answer; repeats count, skips do not', async () => {
    const dir = await tempProject({ 'suites/est.yaml': SUITE });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const counted: string[] = [];
    const estimate = await estimatePlan(plan(suites), {
      countTokens: async (params) => {
        counted.push(params.model);
        return params.model === 'claude-sonnet-4-5' ? 300 : 10;
      },
    });
    // The prompt at its count's upper bound (1% + 64 tokens): short of any cacheable prefix, so at the input rate.
    const plainWorst = cost('claude-haiku-4-5', promptUpperBound(10), 1000);
    // The grader's prompt (300 + the 1,000-token answer, 1,377 at the upper bound) reaches Sonnet 4.5's
    // minimum cacheable prefix (1,024): automatic caching may write it, at $3.75 rather than $3 a MTok.
    const gradedWorst =
      plainWorst +
      callCost('claude-sonnet-4-5', usageFrom({ cache_creation_input_tokens: promptUpperBound(300 + 1000), output_tokens: 200 }), { batch: false })!.total;
    const [plain, graded, off] = suites[0]!.cases;
    expect(estimate.worstPerSample.get(plain!)).toBeCloseTo(plainWorst, 12);
    expect(estimate.worstPerSample.get(graded!)).toBeCloseTo(gradedWorst, 12);
    expect(estimate.worstPerSample.has(off!)).toBe(false);
    expect(estimate.totalUsd).toBeCloseTo(2 * plainWorst + gradedWorst, 12);
    expect(counted.sort()).toEqual(['claude-haiku-4-5', 'claude-haiku-4-5', 'claude-sonnet-4-5']); // repeats share one count
  });

  it('uses recorded usage for the expected figure where a cassette has it (the worst case stays max_tokens)', async () => {
    const dir = await tempProject({ 'suites/est.yaml': SUITE });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const estimate = await estimatePlan(plan(suites, { filter: 'plain' }), {
      countTokens: async () => 10,
      recordedUsage: async (id) => (id.repeat === 1 ? usageFrom({ input_tokens: 10, output_tokens: 5 }) : undefined),
    });
    expect(estimate.totalUsd).toBeCloseTo(cost('claude-haiku-4-5', 10, 5) + cost('claude-haiku-4-5', promptUpperBound(10), 1000), 12);
    expect(estimate.worstPerSample.get(suites[0]!.cases[0]!)).toBeCloseTo(cost('claude-haiku-4-5', promptUpperBound(10), 1000), 12);
  });

  it('names models with no known price, since no cap can be held for them', async () => {
    // A model the model table knows and the price table does not (a model nothing knows is refused at load).
    const dir = await tempProject({ 'suites/est.yaml': SUITE.replace('model: claude-haiku-4-5', 'model: claude-mythos-preview') });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const estimate = await estimatePlan(plan(suites, { filter: 'plain' }), { countTokens: async () => 10 });
    expect(estimate.unpriced).toEqual(['claude-mythos-preview']);
  });

  it('holds the planned worst case for the planned request only: a longer one (a continuation) reserves its own', async () => {
    const dir = await tempProject({ 'suites/est.yaml': SUITE });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const cap = (await checkSpendCap(suites, { filter: 'plain', maxCostUsd: 1 }, { countTokens: async () => 10 }))!;
    const c = suites[0]!.cases[0]!;
    const call = { suite: 'est', suiteFile: 'est.yaml', caseId: c.id, role: 'case' as const, index: 0, repeat: 1, stream: false, params: c.request };
    expect(cap.budget.worstCall!(c, call)?.usd).toBeCloseTo(cost('claude-haiku-4-5', promptUpperBound(10), 1000), 12);
    const continued = { ...c.request, messages: [...c.request.messages, { role: 'assistant' as const, content: 'Searching the web for it at length now.' }] };
    expect(cap.budget.worstCall!(c, { ...call, params: continued })).toBeUndefined();
  });

  it("does not trust a count_tokens answer that cannot be a count, says so, and uses the request's bytes; an image's bytes do not make a true count look too small", async () => {
    const dir = await tempProject({ 'suites/est.yaml': SUITE });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const c = suites[0]!.cases[0]!;
    for (const answer of [0, -5, 2.5, Number.NaN]) {
      const estimate = await estimatePlan(plan(suites, { filter: 'plain' }), { countTokens: async () => answer });
      expect(estimate.notes, String(answer)).toEqual([
        expect.stringMatching(/^count_tokens answered .* for a claude-haiku-4-5 request of \d+ bytes, .*: not trusted/),
      ]);
      expect(estimate.worstPerCall.get(c)![0]!.usage.input_tokens).toBeGreaterThanOrEqual(JSON.stringify(c.request.messages).length);
    }
    const image = {
      ...c.request,
      messages: [
        {
          role: 'user' as const,
          content: [{ type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: 'A'.repeat(400_000) } }],
        },
      ],
    };
    const withImage = { ...c, request: image };
    const estimate = await estimatePlan({ cases: [{ ...plan(suites, { filter: 'plain' }).cases[0]!, case: withImage }] } as ReturnType<typeof plan>, {
      countTokens: async () => 1600,
    });
    expect(estimate.notes).toEqual([]);
  });
});
