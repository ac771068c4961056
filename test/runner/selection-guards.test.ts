import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { plan, selectCases, type PlanOptions } from '../../src/runner/plan.ts';
import { FLAG_NAMES, isCI, loadSelectableSuites } from '../../src/runner/selection-guards.ts';
import { shardOf } from '../../src/runner/shard.ts';
import { loadSuites } from '../../src/suite/load.ts';
import type { Suite } from '../../src/suite/types.ts';
import { tempProject } from '../support/project.ts';

const BILLING = `name: billing
model: claude-haiku-4-5
cases:
  - id: double-charge
    prompt: "I was charged twice"
    tags: [smoke]
    assert:
      - contains: refund
  - id: refund-policy
    name: refund window
    prompt: "How long do I have?"
    assert:
      - contains: days
`;
const TRIAGE = `name: triage
model: claude-haiku-4-5
cases:
  - id: out-of-scope
    prompt: "Weather?"
    assert:
      - contains: only
  - id: later
    prompt: "Not yet"
    skip: waiting for a fix
    assert:
      - contains: x
`;
const FOCUSED = `name: focused
model: claude-haiku-4-5
cases:
  - id: other
    prompt: "Not me"
    assert:
      - contains: x
  - { id: chosen, prompt: "Me", assert: [{ contains: Me }], only: true }
  - id: also
    prompt: "Me too"
    assert:
      - contains: x
    only: true
`;

/** The refusal's diagnostics, as the CLI prints them (file:line:col: error: ...). */
function refusal(suites: Suite[], options: PlanOptions): string {
  try {
    selectCases(suites, options);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('not refused');
}

let savedCI: string | undefined;
beforeEach(() => {
  savedCI = process.env.CI;
  delete process.env.CI;
});
afterEach(() => {
  if (savedCI === undefined) delete process.env.CI;
  else process.env.CI = savedCI;
});

async function load(files: Record<string, string>): Promise<{ dir: string; suites: Suite[] }> {
  const dir = await tempProject(files);
  return { dir, suites: await loadSuites([path.join(dir, 'suites')]) };
}

describe('a selection that runs nothing is refused', () => {
  it('a filter that matches nothing names itself, the counts, and the likely word', async () => {
    const { suites } = await load({ 'suites/billing.yaml': BILLING, 'suites/triage.yaml': TRIAGE });
    expect(refusal(suites, { filter: 'bilingg', names: FLAG_NAMES })).toBe(
      "error: --filter 'bilingg' matched no case (4 cases in 2 suites); did you mean 'billing'? Nothing would be tested, so this is not a pass; pass --allow-empty if that is what you want.",
    );
    // Option words for describeSuite and library callers.
    expect(refusal(suites, { filter: 'xyzzy' })).toBe(
      "error: filter 'xyzzy' matched no case (4 cases in 2 suites). Nothing would be tested, so this is not a pass; pass allowEmpty: true if that is what you want.",
    );
  });

  it('tags, alone or with a filter', async () => {
    const { suites } = await load({ 'suites/billing.yaml': BILLING });
    expect(refusal(suites, { tags: ['smok'], names: FLAG_NAMES })).toMatch(
      /^error: --tag smok matched no case \(2 cases in 1 suite\); did you mean tag 'smoke'\? /,
    );
    expect(refusal(suites, { filter: 'refund', tags: ['smoke'], names: FLAG_NAMES })).toMatch(
      /^error: --filter 'refund' and --tag smoke matched no case \(2 cases in 1 suite\)\. /,
    );
  });

  it('a shard with no cases says where the cases hash to', async () => {
    const { suites } = await load({ 'suites/billing.yaml': BILLING, 'suites/triage.yaml': TRIAGE });
    const total = 8;
    const homes = [...new Set(suites.flatMap((s) => s.cases.map((c) => shardOf(s.name, c.id, total))))].sort((a, b) => a - b);
    const empty = [1, 2, 3, 4, 5, 6, 7, 8].find((i) => !homes.includes(i))!;
    expect(refusal(suites, { shard: { index: empty, total }, names: FLAG_NAMES })).toBe(
      `error: --shard ${empty}/8 has no cases: 4 cases hash to shards ${homes.join(', ')}. Nothing would be tested, so this is not a pass; pass --allow-empty if that is what you want.`,
    );
  });

  it('every selected case skipped is nothing run too', async () => {
    const { suites } = await load({ 'suites/triage.yaml': TRIAGE });
    expect(refusal(suites, { filter: 'later' })).toMatch(/^error: every selected case is skipped \(triage\/later: waiting for a fix\)\. /);
  });

  it('allowEmpty lets it pass and says why nothing runs; plan() (every run) applies the same rule', async () => {
    const { suites } = await load({ 'suites/billing.yaml': BILLING });
    expect(selectCases(suites, { filter: 'nope', allowEmpty: true }).empty).toBe("filter 'nope' matched no case (2 cases in 1 suite)");
    expect(plan(suites, { filter: 'nope', allowEmpty: true }).cases).toEqual([]);
    expect(() => plan(suites, { filter: 'nope' })).toThrow(InputError);
    expect(selectCases(suites, { filter: 'double' }).empty).toBeUndefined();
  });

  it('a folder with no suite files: refused by the loader, an empty selection with allowEmpty', async () => {
    const dir = await tempProject({ 'empty/README.md': 'no suites yet\n', 'suites/billing.yaml': BILLING });
    await expect(loadSelectableSuites([path.join(dir, 'empty')], false)).rejects.toThrow(/no suite files/);
    const none = await loadSelectableSuites([path.join(dir, 'empty')], true);
    expect(none).toEqual([]);
    expect(selectCases(none, { allowEmpty: true }).empty).toBe('no suite files under the paths given');
    expect(refusal(none, {})).toMatch(/^error: no suite files under the paths given\. /);
    // A folder that has suites is still loaded beside an empty one.
    expect((await loadSelectableSuites([path.join(dir, 'empty'), path.join(dir, 'suites')], true)).map((s) => s.name)).toEqual(['billing']);
  });
});

describe('a committed only: under CI is refused', () => {
  it.each([['true'], ['1'], ['yes']])('CI=%s: each only: is pointed at, file:line:col, in flow and block style', async (ci) => {
    const { dir, suites } = await load({ 'suites/focused.yaml': FOCUSED });
    process.env.CI = ci;
    const file = path.join(dir, 'suites/focused.yaml');
    const lines = refusal(suites, { names: FLAG_NAMES }).split('\n');
    expect(lines).toEqual([
      `${file}:8:61: error: only: is committed and CI is set (CI=${ci}): every other case would be skipped and the build would still pass. Remove it, or pass --allow-only to run the focused cases anyway.`,
      `${file}:13:5: error: only: is committed and CI is set (CI=${ci}): every other case would be skipped and the build would still pass. Remove it, or pass --allow-only to run the focused cases anyway.`,
    ]);
  });

  it('runs focused with allowOnly, or where CI is unset, empty, "false" or "0"', async () => {
    const { suites } = await load({ 'suites/focused.yaml': FOCUSED });
    const running = (options: PlanOptions = {}) =>
      plan(suites, options)
        .cases.filter((p) => !p.skip)
        .map((p) => p.case.id);
    process.env.CI = 'true';
    expect(running({ allowOnly: true })).toEqual(['chosen', 'also']);
    for (const ci of [undefined, '', 'false', 'FALSE', '0']) {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      expect(running(), String(ci)).toEqual(['chosen', 'also']);
    }
  });

  it('isCI reads CI as vitest does', () => {
    expect([undefined, '', ' ', 'false', 'False', '0'].map(isCI)).toEqual([false, false, false, false, false, false]);
    expect(['true', '1', 'yes', 'woodpecker'].map(isCI)).toEqual([true, true, true, true]);
  });
});
