import { show } from './show.ts';
import type { AssertionDef } from './types.ts';

type RegexArgs = string | { pattern: string; flags?: string };

function compile(args: RegexArgs): RegExp {
  return typeof args === 'string' ? new RegExp(args) : new RegExp(args.pattern, args.flags ?? '');
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
  evaluate(args, subject) {
    // A fresh RegExp per answer: a `g` or `y` flag keeps lastIndex between calls otherwise.
    const re = compile(args);
    const m = re.exec(subject);
    const expected = String(re);
    if (m) return { pass: true, reason: `output matches ${re} at index ${m.index}: ${show(m[0], 120)}`, expected, actual: show(m[0], 120) };
    return { pass: false, reason: `expected output to match ${re}, got ${show(subject)}`, expected, actual: show(subject) };
  },
};
