/**
 * compare treats a tool-loop case's changed trajectory (a different tool sequence) as the case's
 * change: listed even when both runs passed, and beside the reason when the verdict changed too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareMarkdown } from '../../src/saved-results/compare-markdown.ts';
import { compareText } from '../../src/saved-results/compare-text.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { mergeResults } from '../../src/saved-results/merge.ts';
import { readRunResult } from '../../src/saved-results/read.ts';
import type { RunResult, SampleOutput, Status } from '../../src/run-result.ts';
import { run, shardsOf, suite } from './fixtures.ts';

const names = { base: 'base.json', current: 'current.json' };

function loopOutput(...tools: string[]): SampleOutput {
  const steps = [
    ...tools.map((name, i) => ({
      text: '',
      toolCalls: [{ id: `toolu_${i}`, name, input: {} }],
      stopReason: 'tool_use' as const,
      toolResults: [{ toolUseId: `toolu_${i}`, name, content: 'ok', isError: false }],
    })),
    { text: 'Done.', toolCalls: [], stopReason: 'end_turn' as const },
  ];
  return { text: 'Done.', toolCalls: [], stopReason: 'end_turn', steps };
}

/** The agent suite, each case with its status and the tools its one sample called in order. */
function agentRun(cases: Record<string, [Status, string[]]>): RunResult {
  const r = run([
    suite(
      'agent',
      Object.entries(cases).map(([id, [status]]) => ({ id, status })),
    ),
  ]);
  for (const c of r.suites[0]!.cases) c.samples[0]!.output = loopOutput(...cases[c.id]![1]);
  return r;
}

describe('compare with a changed trajectory', () => {
  const base = agentRun({
    refund: ['passed', ['lookup_order', 'refund']],
    same: ['passed', ['lookup_order']],
    regressed: ['passed', ['lookup_order', 'refund']],
  });
  const current = agentRun({ refund: ['passed', ['refund', 'lookup_order']], same: ['passed', ['lookup_order']], regressed: ['failed', ['refund']] });
  const c = compareRuns(base, current);

  it('a case that passes in both runs but calls its tools in another order is a change, not a regression', () => {
    expect(c.trajectoryChanged).toEqual([
      {
        suite: 'agent',
        id: 'refund',
        file: 'suites/agent.yaml',
        line: 10,
        base: 'passed',
        current: 'passed',
        trajectory: { base: 'lookup_order → refund', current: 'refund → lookup_order' },
      },
    ]);
    expect(c.regressions.map((x) => x.id)).toEqual(['regressed']);
    expect(c.regressions[0]!.trajectory).toEqual({ base: 'lookup_order → refund', current: 'refund' });
  });

  it('the text and markdown name both sequences', () => {
    const text = compareText(c, names);
    expect(text).toContain('1 regression; 0 fixed cases, 0 added cases, 0 removed cases, 1 trajectory change\n');
    expect(text).toContain(
      'Trajectory changed (same verdict, different tool calls):\n  ~ agent/refund  passed: lookup_order → refund -> refund → lookup_order  (suites/agent.yaml:10)\n',
    );
    expect(text).toContain('; tool calls lookup_order → refund -> refund');
    const md = compareMarkdown(c, names);
    expect(md).toContain('#### Trajectory changed (1) — same verdict, different tool calls');
    expect(md).toContain('| `agent/refund` | passed | lookup\\_order → refund | refund → lookup\\_order |');
  });

  it('one-request cases are judged by their verdicts alone', () => {
    const plain = run([suite('agent', ['a'])]);
    const other = run([suite('agent', ['a'])]);
    plain.suites[0]!.cases[0]!.samples[0]!.output = { text: '', toolCalls: [{ id: 't', name: 'x', input: {} }], stopReason: 'tool_use' };
    other.suites[0]!.cases[0]!.samples[0]!.output = { text: '', toolCalls: [{ id: 't', name: 'y', input: {} }], stopReason: 'tool_use' };
    expect(compareRuns(plain, other).trajectoryChanged).toEqual([]);
  });
});

describe('a results file keeps every step', () => {
  it('validates against the results schema, and merge keeps the steps as written', async () => {
    const full = agentRun({ a: ['passed', ['lookup_order', 'refund']], b: ['failed', ['refund']], c: ['passed', []] });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pg-steps-')), 'run.json');
    writeFileSync(file, JSON.stringify(full, null, 2));
    const read = await readRunResult(file);
    expect(read.suites[0]!.cases[0]!.samples[0]!.output!.steps).toEqual(loopOutput('lookup_order', 'refund').steps);
    const merged = mergeResults(shardsOf(full, 2).map((result, i) => ({ file: `shard-${i}.json`, result })));
    expect(merged.suites[0]!.cases.map((c) => c.samples[0]!.output!.steps)).toEqual(full.suites[0]!.cases.map((c) => c.samples[0]!.output!.steps));
    // A step without its required fields is refused, at its place.
    const bad = structuredClone(full);
    delete (bad.suites[0]!.cases[0]!.samples[0]!.output!.steps![0] as { stopReason?: unknown }).stopReason;
    writeFileSync(file, JSON.stringify(bad, null, 2));
    await expect(readRunResult(file)).rejects.toThrow(/suites\[0\]\.cases\[0\]\.samples\[0\]\.output\.steps\[0\]: "stopReason" is missing/);
  });
});
