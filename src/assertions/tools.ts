import { callsByStep, stepsOf } from './output.ts';
import { refuseIfInterrupted } from './bounded-regex.ts';
import { compileSchema, loadSchema, schemaProblems, violations, type SchemaArg } from './schema-validator.ts';
import { show } from './show.ts';
import type { AssertionDef, ToolCall, Verdict } from './types.ts';
import { checkValueAt, hasValueCheck, valueCheckProblems, VALUE_CHECKS, type ValueChecks } from './value-checks.ts';

type ToolCalledArgs = string | string[] | { names: string[]; ordered?: boolean };

function listCalls(calls: ToolCall[]): string {
  return calls.length === 0 ? 'no tool calls' : `calls to ${calls.map((c) => `${c.name}(${show(c.input, 80)})`).join(', ')}`;
}

/** Whether `wanted` appears in `called` in that order, other calls allowed in between. */
function inOrder(wanted: string[], called: string[]): boolean {
  let i = 0;
  for (const name of called) if (name === wanted[i]) i++;
  return i === wanted.length;
}

export const toolCalled: AssertionDef<ToolCalledArgs> = {
  name: 'tool_called',
  check(args) {
    const names = typeof args === 'string' ? [args] : Array.isArray(args) ? args : args.names;
    return names.includes('none') && names.length > 1 ? ["'none' cannot be listed with tool names; use it alone"] : [];
  },
  evaluate(args, _subject, ctx) {
    const calls = ctx.output.toolCalls;
    const called = calls.map((c) => c.name);
    const actual = called.length ? called.join(', ') : 'no tool calls';
    const names = typeof args === 'string' ? [args] : Array.isArray(args) ? args : args.names;
    // `none` alone means no call, however written: `none`, `[none]`, `{ names: [none] }`.
    if (names.length === 1 && names[0] === 'none') {
      return calls.length === 0
        ? { pass: true, reason: 'no tool was called', expected: 'no tool calls', actual }
        : { pass: false, reason: `expected no tool call, got ${listCalls(calls)}`, expected: 'no tool calls', actual };
    }
    const ordered = typeof args === 'object' && !Array.isArray(args) && args.ordered === true;
    const expected = `${names.length === 1 ? 'a call to' : ordered ? 'calls in order to' : 'calls to'} ${names.join(', ')}`;
    const missing = names.filter((n) => !called.includes(n));
    if (missing.length)
      return {
        pass: false,
        reason: `expected ${expected}; ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} not called; got ${listCalls(calls)}`,
        expected,
        actual,
      };
    if (ordered && !inOrder(names, called))
      return { pass: false, reason: `expected ${expected}, but they were called in the order ${called.join(', ')}`, expected, actual };
    return { pass: true, reason: `called ${names.join(', ')}${ordered ? ' in that order' : ''}`, expected, actual };
  },
};

/** `step`: which step's calls to read (1-based, or `any`); without it, the final message's, as every assertion reads. */
type ToolInputArgs = ValueChecks & { tool?: string; path?: string; schema?: SchemaArg; step?: number | 'any' };

export const toolInput: AssertionDef<ToolInputArgs> = {
  name: 'tool_input',
  async check(args, ctx) {
    const out: string[] = [];
    if (args.path === undefined && args.schema === undefined)
      out.push('needs a path check (path: with equals, gte, ...) or a schema: to check the input against');
    if (args.path === undefined && hasValueCheck(args))
      out.push(`${VALUE_CHECKS.filter((k) => args[k] !== undefined).join(', ')} needs a path: to say which input field`);
    if (args.path !== undefined) out.push(...valueCheckProblems(args.path, args));
    if (args.schema !== undefined) out.push(...(await schemaProblems(args.schema, ctx.suiteDir)).map((m) => `schema: ${m}`));
    return out;
  },
  async evaluate(args, _subject, ctx) {
    const steps = stepsOf(ctx.output);
    if (typeof args.step === 'number' && args.step > steps.length) {
      return {
        pass: false,
        reason: `expected a call at step ${args.step}, but the trajectory has ${steps.length} step${steps.length === 1 ? '' : 's'}`,
        expected: `a call at step ${args.step}`,
        actual: `${steps.length} steps`,
      };
    }
    const stepped =
      args.step === undefined
        ? undefined
        : callsByStep(args.step === 'any' ? steps : [steps[args.step - 1]!]).map((c) => ({ ...c, step: args.step === 'any' ? c.step : (args.step as number) }));
    const all = stepped ? stepped.map((c) => c.call) : ctx.output.toolCalls;
    const where = (call: ToolCall) => {
      const s = stepped?.find((c) => c.call === call)?.step;
      return s === undefined ? '' : `step ${s} `;
    };
    const names = [...new Set(all.map((c) => c.name))];
    const tool = args.tool ?? (names.length === 1 ? names[0] : undefined);
    const expected = `a call to ${args.tool ?? 'a tool'} whose input passes`;
    const scope = typeof args.step === 'number' ? ` at step ${args.step}` : args.step === 'any' ? ' at any step' : '';
    if (all.length === 0)
      return {
        pass: false,
        reason: `expected ${args.tool ? `a call to ${args.tool}` : 'a tool call'}${scope}, got no tool calls`,
        expected,
        actual: 'no tool calls',
      };
    // The check cannot tell which call it is about: it could not judge, so it is no failure (nor, under not:, a pass).
    if (tool === undefined) throw new Error(`several tools were called (${names.join(', ')}); name the one to check with tool:`);
    const calls = all.filter((c) => c.name === tool);
    if (calls.length === 0)
      return { pass: false, reason: `expected a call to ${tool}${scope}, got ${all.map((c) => c.name).join(', ')}`, expected, actual: names.join(', ') };

    if (args.schema !== undefined || args.matches !== undefined) refuseIfInterrupted(ctx.interrupted);
    const validate = args.schema === undefined ? undefined : compileSchema(await loadSchema(args.schema, ctx.suiteDir));
    // Any call that passes is enough: parallel calls to one tool (two cities' weather) are common.
    const verdicts = calls.map((call, i): Verdict => {
      const label = where(call) + (calls.length > 1 ? `${tool}[${i}] input ` : `${tool} input `);
      const problems = validate ? violations(validate, call.input).map((p) => label + p) : [];
      const path = args.path === undefined ? undefined : checkValueAt(call.input, args.path, args, label);
      if (problems.length === 0 && (path?.pass ?? true)) {
        const reason = [validate ? `${label.trim()} matches the schema` : '', path?.reason ?? ''].filter(Boolean).join('; ');
        return { pass: true, reason, expected: path?.expected ?? 'valid against the schema', actual: show(call.input) };
      }
      if (path && !path.pass) problems.push(path.reason);
      return { pass: false, reason: problems.join('; '), expected: path?.expected ?? 'valid against the schema', actual: show(call.input) };
    });
    return verdicts.find((v) => v.pass) ?? { ...verdicts[0]!, reason: verdicts.map((v) => v.reason).join('; ') };
  },
};
