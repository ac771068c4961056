import type { AssertionResult, Status } from '../run-result.ts';
import type { AssertionSpec } from '../suite/types.ts';
import { CallError } from '../transport/types.ts';
import { registry } from './registry.ts';
import type { EvalContext, Output, Verdict } from './types.ts';

/** Runs a case's assertions against one answer; an assertion that throws is an error verdict, not a crash. */
export async function evaluateAssertions(specs: AssertionSpec[], ctx: EvalContext): Promise<AssertionResult[]> {
  // In order, one at a time: grading calls are numbered by the order they are made, and that
  // number names their cassette, so it must not depend on which grader answers first.
  const results: AssertionResult[] = [];
  for (const spec of specs) results.push(await evaluateOne(spec, ctx));
  return results;
}

async function evaluateOne(spec: AssertionSpec, ctx: EvalContext): Promise<AssertionResult> {
  const negated = spec.name === 'not';
  const inner = negated ? (spec.args as AssertionSpec) : spec;
  let verdict: Verdict;
  let error = false;
  try {
    verdict = await registry.get(inner.name)!.evaluate(inner.args, subjectOf(ctx.output, inner.target), ctx);
  } catch (e) {
    // A grading call that got no answer leaves the sample without a verdict: errored, not failed.
    if (e instanceof CallError) throw e;
    error = true;
    verdict = { pass: false, reason: `${inner.name} could not run: ${(e as Error).message}` };
  }
  const pass = error ? false : negated ? !verdict.pass : verdict.pass;
  const score = error ? 0 : negated ? 1 - (verdict.score ?? (verdict.pass ? 1 : 0)) : (verdict.score ?? (verdict.pass ? 1 : 0));
  return {
    name: inner.name,
    ...(spec.label ? { label: spec.label } : {}),
    negated,
    pass,
    score,
    weight: spec.weight,
    reason: negated && !error ? `expected NOT: ${verdict.reason}` : verdict.reason,
    ...(verdict.expected !== undefined ? { expected: negated ? `not ${verdict.expected}` : verdict.expected } : {}),
    ...(verdict.actual !== undefined ? { actual: verdict.actual } : {}),
    line: spec.loc.line,
    col: spec.loc.col,
    ...(error ? { error } : {}),
  };
}

function subjectOf(output: Output, target: AssertionSpec['target']): string {
  if (target === 'thinking') return output.thinking;
  if (target === 'tool_use') return JSON.stringify(output.toolCalls.map((c) => ({ name: c.name, input: c.input })));
  return output.text;
}

/** A sample passes when every assertion passes, or, with a threshold, when its weighted score reaches it. */
export function judgeSample(results: AssertionResult[], threshold: number | undefined): { pass: boolean; score: number } {
  const weight = results.reduce((w, r) => w + r.weight, 0);
  const score = weight === 0 ? 1 : results.reduce((s, r) => s + r.score * r.weight, 0) / weight;
  const pass = threshold === undefined ? results.every((r) => r.pass) : score >= threshold && !results.some((r) => r.error);
  return { pass, score };
}

/**
 * A case from its samples' statuses: passed when passed / judged samples reaches `minPassRate`.
 * An errored sample has no answer: when the case would fail even if every missing answer had
 * passed, it failed; otherwise missing answers leave it errored, so an outage never passes a gate.
 */
export function judgeCase(samples: readonly Status[], minPassRate: number): { status: Status; passRate?: number; flaky: boolean } {
  const passed = samples.filter((s) => s === 'passed').length;
  const failed = samples.filter((s) => s === 'failed').length;
  const errored = samples.filter((s) => s === 'errored').length;
  const judged = passed + failed;
  if (judged === 0) return { status: errored ? 'errored' : 'skipped', flaky: false };
  const passRate = passed / judged;
  // The epsilon keeps 0.7 from failing 7/10 should either side round differently.
  const reaches = (rate: number) => rate + 1e-9 >= minPassRate;
  const status = !reaches((passed + errored) / (judged + errored)) ? 'failed' : errored ? 'errored' : reaches(passRate) ? 'passed' : 'failed';
  return { status, passRate, flaky: passed > 0 && failed > 0 };
}
