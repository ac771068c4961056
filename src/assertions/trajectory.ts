/**
 * Trajectory checks: they read every step of a tool-loop case (a one-request case is one step),
 * where the other assertions read the final message. Reasons name the step, counted from 1.
 */
import { callsByStep, stepsOf } from './output.ts';
import type { AssertionDef, Verdict } from './types.ts';

type SequenceArgs = string[] | { names: string[]; mode?: 'exact' | 'in_order' };

const at = (c: { step: number; call: { name: string } }) => `${c.call.name} (step ${c.step})`;

export const toolSequence: AssertionDef<SequenceArgs> = {
  name: 'tool_sequence',
  evaluate(args, _subject, ctx): Verdict {
    const wanted = Array.isArray(args) ? args : args.names;
    const inOrder = !Array.isArray(args) && args.mode === 'in_order';
    const calls = callsByStep(stepsOf(ctx.output));
    const expected = `${inOrder ? 'calls in order to' : 'exactly the calls'} ${wanted.join(', ')}`;
    const actual = calls.length ? calls.map(at).join(', ') : 'no tool calls';
    const fail = (why: string): Verdict => ({ pass: false, reason: `${why}; expected ${expected}, got ${actual}`, expected, actual });
    if (inOrder) {
      // Greedy: each wanted call is the first of its name after the previous one matched.
      let from = 0;
      for (let i = 0; i < wanted.length; i++) {
        const found = calls.findIndex((c, j) => j >= from && c.call.name === wanted[i]);
        if (found >= 0) {
          from = found + 1;
          continue;
        }
        const early = calls.find((c, j) => j < from && c.call.name === wanted[i]);
        if (early && i > 0) return fail(`step ${early.step} called ${wanted[i]} before ${wanted[i - 1]} (step ${calls[from - 1]!.step})`);
        return fail(i === 0 ? `${wanted[0]} was never called` : `${wanted[i]} was never called after ${at(calls[from - 1]!)}`);
      }
      return { pass: true, reason: `called ${wanted.join(', ')} in that order`, expected, actual };
    }
    for (let k = 0; k < Math.max(wanted.length, calls.length); k++) {
      const got = calls[k];
      const want = wanted[k];
      if (got && got.call.name === want) continue;
      if (!got) return fail(`the trajectory ended${k ? ` after step ${calls[k - 1]!.step}` : ''} without calling ${want}`);
      if (want === undefined) return fail(`step ${got.step} called ${got.call.name} after the expected sequence`);
      const later = calls.slice(k + 1).find((c) => c.call.name === want);
      return fail(
        later
          ? `step ${got.step} called ${got.call.name} before ${want} (step ${later.step})`
          : `step ${got.step} called ${got.call.name} where ${want} was expected`,
      );
    }
    return { pass: true, reason: `called exactly ${wanted.join(', ')}`, expected, actual };
  },
};

export const toolNeverCalled: AssertionDef<string | string[]> = {
  name: 'tool_never_called',
  evaluate(args, _subject, ctx): Verdict {
    const names = typeof args === 'string' ? [args] : args;
    const calls = callsByStep(stepsOf(ctx.output));
    const expected = `no call to ${names.join(', ')} at any step`;
    const hits = calls.filter((c) => names.includes(c.call.name));
    if (hits.length === 0)
      return {
        pass: true,
        reason: `${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} never called`,
        expected,
        actual: calls.length ? calls.map(at).join(', ') : 'no tool calls',
      };
    return {
      pass: false,
      reason: `step ${hits[0]!.step} called ${hits[0]!.call.name}${hits.length > 1 ? ` (and ${hits.slice(1).map(at).join(', ')})` : ''}`,
      expected,
      actual: hits.map(at).join(', '),
    };
  },
};

type TurnsArgs = number | { min?: number; max?: number };

export const turns: AssertionDef<TurnsArgs> = {
  name: 'turns',
  check(args) {
    if (typeof args !== 'object') return [];
    if (args.min === undefined && args.max === undefined) return ['needs min:, max: or both (or a number for exactly that many)'];
    return args.min !== undefined && args.max !== undefined && args.min > args.max
      ? [`min: ${args.min} is more than max: ${args.max}; no trajectory could pass`]
      : [];
  },
  evaluate(args, _subject, ctx): Verdict {
    const n = stepsOf(ctx.output).length;
    const { min, max } = typeof args === 'number' ? { min: args, max: args } : args;
    const expected =
      min === max
        ? `${min} turns`
        : [min !== undefined ? `at least ${min}` : '', max !== undefined ? `at most ${max}` : ''].filter(Boolean).join(' and ') + ' turns';
    const actual = `${n} turn${n === 1 ? '' : 's'}`;
    const pass = (min === undefined || n >= min) && (max === undefined || n <= max);
    return { pass, reason: pass ? `took ${actual}` : `took ${actual}, expected ${min === max ? 'exactly ' : ''}${expected}`, expected, actual };
  },
};
