import { describe, expect, it } from 'vitest';
import { costJson } from '../../reporters/cost.ts';
import { junitXml } from '../../reporters/junit.ts';
import { markdownSummary } from '../../reporters/markdown.ts';
import { mergeResults, type NamedResult } from '../../src/saved-results/merge.ts';
import type { RunResult } from '../../src/run-result.ts';
import { InputError } from '../../src/input-error.ts';
import { fullRun, run, shardsOf, suite } from './fixtures.ts';

const named = (results: RunResult[]): NamedResult[] => results.map((result, i) => ({ file: `shard-${i + 1}.json`, result }));
const timingsAside = ({ startedAt, durationMs, ...rest }: RunResult) => rest;

function refusal(inputs: NamedResult[]): string {
  try {
    mergeResults(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('merge did not refuse');
}

describe('mergeResults', () => {
  it.each([1, 2, 3, 4, 7])('merging %i shards gives the unsharded RunResult, timings aside', (total) => {
    const full = fullRun();
    const shards = shardsOf(full, total);
    // The fixture really exercises the order merge: some shard lacks a whole suite.
    if (total >= 4) expect(shards.some((s) => s.suites.length < full.suites.length)).toBe(true);
    const merged = mergeResults(named(shards.toReversed()));
    expect(timingsAside(merged)).toEqual(timingsAside(full));
    expect(merged).not.toHaveProperty('shard');
  });

  it('writes the same JUnit, cost report and summary as the unsharded run, timings aside', () => {
    const full = fullRun();
    const merged = { ...mergeResults(named(shardsOf(full, 4))), startedAt: full.startedAt, durationMs: full.durationMs };
    expect(junitXml(merged)).toBe(junitXml(full));
    expect(costJson(merged)).toBe(costJson(full));
    expect(markdownSummary(merged)).toBe(markdownSummary(full));
  });

  it('judges each case again from its samples: a shard edited to say passed over failing samples merges as failed', () => {
    const full = run([suite('triage', ['a', { id: 'b', status: 'failed' }, { id: 'c', status: 'broken' }, 'd'])]);
    const [one, two] = shardsOf(structuredClone(full), 2);
    for (const c of [...one!.suites, ...two!.suites].flatMap((s) => s.cases)) {
      c.status = 'passed';
      c.passRate = 1;
    }
    const merged = mergeResults(named([one!, two!]));
    const cases = merged.suites[0]!.cases;
    expect(cases.map((c) => [c.id, c.status, c.passRate])).toEqual([
      ['a', 'passed', 1],
      ['b', 'failed', 0],
      ['c', 'broken', undefined],
      ['d', 'passed', 1],
    ]);
    expect(cases).toEqual(full.suites[0]!.cases);
  });

  it('judges a repeated case by its minPassRate as the runner does, and calls it flaky', () => {
    const shard = run([suite('triage', ['a'])], { shard: { index: 1, total: 1 } });
    const c = shard.suites[0]!.cases[0]!;
    c.repeat = 4;
    c.minPassRate = 0.75;
    c.samples = [1, 2, 3, 4].map((repeat) => ({ ...c.samples[0]!, repeat, status: repeat === 1 ? 'passed' : 'failed' }));
    const merged = mergeResults(named([shard])).suites[0]!.cases[0]!;
    expect([merged.status, merged.passRate, merged.flaky]).toEqual(['failed', 0.25, true]);
  });

  it('starts at the earliest shard and lasts until the latest one ends', () => {
    const shards = shardsOf(fullRun(), 3); // start +0s, +7s, +14s; last 2.0s, 2.5s, 3.0s
    const merged = mergeResults(named(shards));
    expect(merged.startedAt).toBe('2025-06-01T10:00:00.000Z');
    expect(merged.durationMs).toBe(14_000 + 3_000);
  });

  it('keeps the suite order of the run even when the first shard lacks a suite', () => {
    const a = run([suite('one', ['x']), suite('three', ['z'])], { shard: { index: 1, total: 2 } });
    const b = run([suite('two', ['y']), suite('three', ['w'])], { shard: { index: 2, total: 2 } });
    const c = run([suite('one', ['v']), suite('two', ['u'])], { shard: { index: 1, total: 2 } });
    expect(mergeResults(named([a, b])).suites.map((s) => s.name)).toEqual(['one', 'two', 'three']);
    // With c instead of a, "one" precedes "two" which precedes "three".
    expect(mergeResults(named([b, c])).suites.map((s) => s.name)).toEqual(['one', 'two', 'three']);
  });

  it('carries an early stop of any shard, so the merged run still exits 3', () => {
    const shards = shardsOf(fullRun(), 2);
    shards[1]!.stopped = { reason: 'budget', message: 'max cost $1.00 reached' };
    expect(mergeResults(named(shards)).stopped).toEqual(shards[1]!.stopped);
  });

  it('refuses different versions of a suite, naming both files', () => {
    const shards = shardsOf(fullRun(), 2);
    shards[1]!.suites[0]!.digest = 'support-triage-v2';
    const message = refusal(named(shards));
    expect(message).toMatch(
      /suite "support-triage" differs between shard-1\.json \(version support-triage-v1\) and shard-2\.json \(version support-triage-v2\)/,
    );
    expect(message).toMatch(/different versions of the suite/);
  });

  it('refuses different modes', () => {
    const [a, b] = shardsOf(fullRun(), 2);
    expect(refusal(named([a!, { ...b!, mode: 'live' }]))).toMatch(/different modes: shard-1\.json \(replay\), shard-2\.json \(live\)/);
  });

  it('keeps the API version the shards sent, and refuses shards sent under different ones', () => {
    const [a, b] = shardsOf(fullRun(), 2);
    const api = (version: string) => ({ api: { sdk: '1.12.0', version } });
    expect(
      mergeResults(
        named([
          { ...a!, ...api('2026-10-21') },
          { ...b!, ...api('2026-10-21') },
        ]),
      ).api,
    ).toEqual({ sdk: '1.12.0', version: '2026-10-21' });
    expect(
      refusal(
        named([
          { ...a!, ...api('2026-10-21') },
          { ...b!, ...api('2023-06-01') },
        ]),
      ),
    ).toMatch(/different API versions: shard-1\.json \(2026-10-21\), shard-2\.json \(2023-06-01\)/);
  });

  it('refuses shards written by different versions of promptgate, saying so', () => {
    const [a, b] = shardsOf(fullRun(), 2);
    const upgraded = { ...b!, tool: { ...b!.tool, version: '0.2.0' } };
    expect(refusal(named([a!, upgraded]))).toMatch(
      /different versions of promptgate: shard-1\.json \(0\.1\.0\), shard-2\.json \(0\.2\.0\); run every shard with one/,
    );
  });

  it('refuses a case present in two files', () => {
    const full = fullRun();
    const n = full.suites.reduce((sum, s) => sum + s.cases.length, 0);
    // One line for the pair of files, however many cases they share.
    expect(refusal(named([full, full]))).toBe(
      `error: ${n} cases ("support-triage/triage-1", "support-triage/triage-2", "support-triage/triage-3" and ${n - 3} more) are in both shard-1.json and shard-2.json: shards must not overlap`,
    );
    const [a] = shardsOf(full, 2);
    const one = { ...a!, suites: [{ ...a!.suites[0]!, cases: a!.suites[0]!.cases.slice(0, 1) }] };
    expect(refusal(named([full, one]))).toMatch(/\nerror: case "[^"]+" is in both shard-1\.json and shard-2\.json: shards must not overlap/);
  });

  it('refuses a missing shard, a repeated shard, and a mix of totals', () => {
    const [a, b, c] = shardsOf(fullRun(), 3);
    expect(refusal(named([a!, c!]))).toMatch(/missing shard 2\/3/);
    expect(refusal(named([a!, b!, c!, b!]))).toMatch(/shard 2\/3 is given more than once: shard-2\.json, shard-4\.json/);
    const [x, y] = shardsOf(fullRun(), 2);
    expect(refusal(named([a!, y!]))).toMatch(/split the run differently/);
    const { shard: _, ...unsharded } = y!;
    expect(refusal(named([x!, unsharded]))).toMatch(/unsharded results \(shard-2\.json\)/);
  });

  it('merges unsharded results of disjoint suites', () => {
    const merged = mergeResults(named([run([suite('a', ['1'])]), run([suite('b', ['2'])])]));
    expect(merged.suites.map((s) => [s.name, s.cases.map((c) => c.id)])).toEqual([
      ['a', ['1']],
      ['b', ['2']],
    ]);
  });
});
