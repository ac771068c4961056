import { BoundedRegExp, refuseIfInterrupted } from './bounded-regex.ts';
import { show } from './show.ts';
import type { AssertionDef } from './types.ts';

type RegexArgs = string | { pattern: string; flags?: string };

function compile(args: RegexArgs): BoundedRegExp {
  return typeof args === 'string' ? new BoundedRegExp(args) : new BoundedRegExp(args.pattern, args.flags ?? '');
}

export const regex: AssertionDef<RegexArgs> = {
  name: 'regex',
  check(args) {
    try {
      compile(args);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  },
  evaluate(args, subject, ctx) {
    refuseIfInterrupted(ctx.interrupted);
    // Under the time limit (bounded-regex.ts): a pattern that passes it throws, and the check is broken.
    const re = compile(args);
    const m = re.exec(subject);
    const expected = String(re);
    if (m) return { pass: true, reason: `output matches ${expected} at index ${m.index}: ${show(m.match, 120)}`, expected, actual: show(m.match, 120) };
    return { pass: false, reason: `expected output to match ${expected}, got ${show(subject)}`, expected, actual: show(subject) };
  },
};
