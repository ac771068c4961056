/**
 * The spend cap before a run at its edges: an estimate equal to `--max-cost` or a suite's
 * `max_cost_usd` runs, a micro-dollar over refuses with nothing sent; no cap or no cost makes no estimate.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { checkSpendCap } from '../../src/runner/spend-cap.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';

const yaml = (cap = '') => `name: s
model: claude-haiku-4-5
max_tokens: 256
${cap}cases:
  - id: a
    prompt: hello
    assert:
      - contains: hi
  - id: b
    prompt: hello again
    assert:
      - contains: hi
`;
const suitesOf = async (cap?: number) =>
  loadSuites([path.join(await tempProject({ 'suites/s.yaml': yaml(cap === undefined ? '' : `max_cost_usd: ${cap}\n`) }), 'suites')]);
const sources = { countTokens: async () => 100 };
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'ran',
    (e: unknown) => (e instanceof InputError ? e.message : String(e)),
  );

describe('checkSpendCap', async () => {
  const total = (await checkSpendCap(await suitesOf(), { maxCostUsd: 1000 }, sources))!.estimate.totalUsd;

  it('the estimate is over a micro-dollar, so a micro-dollar either side is a real edge', () => {
    expect(total).toBeGreaterThan(0.000001);
  });

  it.each<[string, number, 'ran' | RegExp]>([
    ['--max-cost at the estimate', 0, 'ran'],
    ['--max-cost a micro-dollar above', 0.000001, 'ran'],
    ['--max-cost a micro-dollar below', -0.000001, /exceeds maxCostUsd .*Nothing was sent/],
  ])('%s', async (_, delta, expected) => {
    const outcome = await refusal(checkSpendCap(await suitesOf(), { maxCostUsd: total + delta }, sources));
    if (expected === 'ran') expect(outcome).toBe('ran');
    else expect(outcome).toMatch(expected);
  });

  it.each<[string, number, 'ran' | RegExp]>([
    ['max_cost_usd at the estimate', 0, 'ran'],
    ['max_cost_usd a micro-dollar below', -0.000001, /suite s: estimated cost .* exceeds its max_cost_usd/],
  ])('%s', async (_, delta, expected) => {
    const outcome = await refusal(checkSpendCap(await suitesOf(total + delta), {}, sources));
    if (expected === 'ran') expect(outcome).toBe('ran');
    else expect(outcome).toMatch(expected);
  });

  it('a cap of 0 refuses any paid call', async () => {
    expect(await refusal(checkSpendCap(await suitesOf(), { maxCostUsd: 0 }, sources))).toMatch(/exceeds maxCostUsd \$0\.00/);
  });

  it('makes no estimate with no cap, or with no sources (replay costs nothing)', async () => {
    expect(await checkSpendCap(await suitesOf(), {}, sources)).toBeUndefined();
    expect(await checkSpendCap(await suitesOf(), { maxCostUsd: 0 }, undefined)).toBeUndefined();
    expect(await checkSpendCap(await suitesOf(0.5), {}, undefined)).toBeUndefined();
  });
});
