import type { AssertionResult, Status } from '../run-result.ts';
import type { AssertionSpec } from '../suite/types.ts';
import { CallError } from '../transport/types.ts';
import { registry } from './registry.ts';
import { letSignalsIn } from './signals-heard.ts';
import type { EvalContext, Output, Verdict } from './types.ts';

/** Runs a case's assertions against one answer; an assertion that throws is an error verdict, not a crash. */
export async function evaluateAssertions(specs: AssertionSpec[], ctx: EvalContext): Promise<AssertionResult[]> {
  // In order, one at a time: grading calls are numbered by the order they are made, and that
  // number names their cassette, so it must not depend on which grader answers first.
  const results: AssertionResult[] = [];
  for (const spec of specs) {
    for (let turn = letSignalsIn(); turn; turn = letSignalsIn()) await turn;
    const result = evaluateOne(spec, ctx);
    results.push(isPromiseLike(result) ? await result : result);
  }
  return results;
}

/** A check that judges at once (most do) is not awaited: no promise and no microtask for it. */
function evaluateOne(spec: AssertionSpec, ctx: EvalContext): AssertionResult | PromiseLike<AssertionResult> {
  const inner = spec.name === 'not' ? (spec.args as AssertionSpec) : spec;
  let verdict: Verdict | PromiseLike<Verdict>;
  try {
    verdict = registry.get(inner.name)!.evaluate(inner.args, subjectOf(ctx.output, inner.target), ctx);
  } catch (e) {
    return resultOf(spec, inner, couldNotRun(inner, e), true);
  }
  if (!isPromiseLike(verdict)) return resultOf(spec, inner, verdict, false);
  return verdict.then(
    (v) => resultOf(spec, inner, v, false),
    (e: unknown) => resultOf(spec, inner, couldNotRun(inner, e), true),
  );
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The error verdict of a check that threw; a grading call that got no answer leaves the sample without a verdict: errored, not failed. */
function couldNotRun(inner: AssertionSpec, e: unknown): Verdict {
  if (e instanceof CallError) throw e;
  return { pass: false, reason: `${inner.name} could not run: ${(e as Error).message}` };
}

/** `error`: the check could not judge (it threw), so the verdict is unknown, not a failure. */
function resultOf(spec: AssertionSpec, inner: AssertionSpec, verdict: Verdict, error: boolean): AssertionResult {
  const negated = spec.name === 'not';
  const pass = error ? false : negated ? !verdict.pass : verdict.pass;
  const score = error ? 0 : negated ? 1 - (verdict.score ?? (verdict.pass ? 1 : 0)) : (verdict.score ?? (verdict.pass ? 1 : 0));
  // Field by field in this order, not a literal with spreads amid its fields, which V8 builds many
  // times slower: every check of every sample makes one.
  const result = { name: inner.name } as AssertionResult;
  if (spec.label) result.label = spec.label;
  result.negated = negated;
  result.pass = pass;
  result.score = score;
  result.weight = spec.weight;
  result.reason = negated && !error ? `expected NOT: ${verdict.reason}` : verdict.reason;
  if (verdict.expected !== undefined) result.expected = negated ? `not ${verdict.expected}` : verdict.expected;
  if (verdict.actual !== undefined) result.actual = verdict.actual;
  result.line = spec.loc.line;
  result.col = spec.loc.col;
  if (error) result.error = error;
  return result;
}

function subjectOf(output: Output, target: AssertionSpec['target']): string {
  if (target === 'thinking') return output.thinking;
  if (target === 'tool_use') return JSON.stringify(output.toolCalls.map((c) => ({ name: c.name, input: c.input })));
  return output.text;
}

/**
 * A sample passes when every assertion passes, or, with a threshold, when its weighted score
 * reaches it. An assertion that could not judge (`error`) is unknown, not failed: the sample failed
 * only if it fails whatever the broken checks would have said; otherwise it is broken.
 */
export function judgeSample(results: AssertionResult[], threshold: number | undefined): { status: 'passed' | 'failed' | 'broken'; score: number } {
  const weight = results.reduce((w, r) => w + r.weight, 0);
  const scoreWith = (unknown: number) => (weight === 0 ? 1 : results.reduce((s, r) => s + (r.error ? unknown : r.score) * r.weight, 0) / weight);
  const score = scoreWith(0);
  const broken = results.some((r) => r.error);
  const failsAnyway = threshold === undefined ? results.some((r) => !r.error && !r.pass) : !reaches(scoreWith(1), threshold);
  const status = failsAnyway ? 'failed' : broken ? 'broken' : threshold === undefined || reaches(score, threshold) ? 'passed' : 'failed';
  return { status, score };
}

/** `value` at or over `bar`, a hair of slack for sums in floating point: weights 0.1 + 0.7 reach 0.8, 7/10 reaches 0.7. */
function reaches(value: number, bar: number): boolean {
  return value + 1e-9 >= bar;
}

/**
 * A case from its samples' statuses: passed when passed / judged reaches `minPassRate`. If it would
 * fail even with every errored or broken sample passing, it failed; otherwise it is errored (or
 * broken), so an outage or a broken check never passes a gate nor is blamed on the prompt.
 */
export function judgeCase(samples: readonly Status[], minPassRate: number): { status: Status; passRate?: number; flaky: boolean } {
  const passed = samples.filter((s) => s === 'passed').length;
  const failed = samples.filter((s) => s === 'failed').length;
  const errored = samples.filter((s) => s === 'errored').length;
  const broken = samples.filter((s) => s === 'broken').length;
  const judged = passed + failed;
  const unknown = errored + broken;
  if (judged === 0) return { status: errored ? 'errored' : broken ? 'broken' : 'skipped', flaky: false };
  const passRate = passed / judged;
  const status = !reaches((passed + unknown) / (judged + unknown), minPassRate)
    ? 'failed'
    : errored
      ? 'errored'
      : broken
        ? 'broken'
        : reaches(passRate, minPassRate)
          ? 'passed'
          : 'failed';
  return { status, passRate, flaky: passed > 0 && failed > 0 };
}
