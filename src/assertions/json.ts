import { refuseIfInterrupted } from './bounded-regex.ts';
import { fenceNote, parseJsonOutput } from './json-parse.ts';
import { compileSchema, loadSchema, schemaName, schemaProblems, violations, type SchemaArg } from './schema-validator.ts';
import { show } from './show.ts';
import type { AssertionDef, Verdict } from './types.ts';
import { checkValueAt, valueCheckProblems, type ValueChecks } from './value-checks.ts';

/** Parses the subject or returns the failing verdict that says why it is not JSON. */
function parseOrFail(subject: string): { ok: true; value: unknown; note: string } | { ok: false; verdict: Verdict } {
  const parsed = parseJsonOutput(subject);
  if (parsed.ok) return { ok: true, value: parsed.value, note: fenceNote(parsed) };
  return {
    ok: false,
    verdict: { pass: false, reason: `expected output to be JSON, but ${parsed.error}; got ${show(subject)}`, expected: 'JSON', actual: show(subject) },
  };
}

export const isJson: AssertionDef<true> = {
  name: 'is_json',
  evaluate(_args, subject) {
    const p = parseOrFail(subject);
    if (!p.ok) return p.verdict;
    return { pass: true, reason: `output is JSON${p.note}`, expected: 'JSON', actual: show(p.value) };
  },
};

export const jsonSchema: AssertionDef<SchemaArg> = {
  name: 'json_schema',
  check: (arg, ctx) => schemaProblems(arg, ctx.suiteDir),
  async evaluate(arg, subject, ctx) {
    refuseIfInterrupted(ctx.interrupted);
    const validate = compileSchema(await loadSchema(arg, ctx.suiteDir));
    const p = parseOrFail(subject);
    if (!p.ok) return p.verdict;
    const expected = `valid against ${schemaName(arg)}`;
    const problems = violations(validate, p.value);
    if (problems.length === 0) return { pass: true, reason: `output JSON is ${expected}${p.note}`, expected, actual: show(p.value) };
    const n = problems.length;
    return {
      pass: false,
      reason: `output JSON is not ${expected}${p.note}: ${n} violation${n === 1 ? '' : 's'}: ${problems.join('; ')}`,
      expected,
      actual: show(p.value),
    };
  },
};

type JsonPathArgs = ValueChecks & { path: string };

export const jsonPath: AssertionDef<JsonPathArgs> = {
  name: 'json_path',
  check: (args) => valueCheckProblems(args.path, args),
  evaluate(args, subject, ctx) {
    if (args.matches !== undefined) refuseIfInterrupted(ctx.interrupted);
    const p = parseOrFail(subject);
    if (!p.ok) return p.verdict;
    const v = checkValueAt(p.value, args.path, args);
    return { ...v, reason: v.reason + p.note };
  },
};
