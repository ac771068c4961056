import type { AssertionDef, Verdict } from './types.ts';
import { show } from './show.ts';

type Scalar = string | number | boolean;

/** `does` reads after "output" on a pass ("contains"), `what` after "expected output" on a fail ("to contain"). */
function verdict(pass: boolean, what: string, expected: unknown, subject: string, does: string): Verdict {
  const shownExpected = show(expected);
  const shownSubject = show(subject);
  return {
    pass,
    reason: pass ? `output ${does} ${shownExpected}` : `expected output ${what} ${shownExpected}, got ${shownSubject}`,
    expected: shownExpected,
    actual: shownSubject,
  };
}

export const equals: AssertionDef<Scalar> = {
  name: 'equals',
  evaluate: (expected, subject) => verdict(subject.trim() === String(expected).trim(), 'to equal', expected, subject, 'equals'),
};

export const contains: AssertionDef<Scalar> = {
  name: 'contains',
  evaluate: (needle, subject) => verdict(subject.includes(String(needle)), 'to contain', needle, subject, 'contains'),
};

export const icontains: AssertionDef<Scalar> = {
  name: 'icontains',
  evaluate: (needle, subject) => verdict(folded(subject).includes(folded(String(needle))), 'to contain (any case)', needle, subject, 'contains (any case)'),
};

export const containsAll: AssertionDef<Scalar[]> = {
  name: 'contains_all',
  evaluate(needles, subject) {
    const missing = needles.filter((n) => !subject.includes(String(n)));
    const v = verdict(missing.length === 0, 'to contain all of', needles, subject, 'contains all of');
    return missing.length ? { ...v, reason: `output is missing ${show(missing)}; got ${show(subject)}` } : v;
  },
};

export const containsAny: AssertionDef<Scalar[]> = {
  name: 'contains_any',
  evaluate: (needles, subject) =>
    verdict(
      needles.some((n) => subject.includes(String(n))),
      'to contain one of',
      needles,
      subject,
      'contains one of',
    ),
};

export const startsWith: AssertionDef<string> = {
  name: 'starts_with',
  evaluate: (prefix, subject) => verdict(subject.trimStart().startsWith(prefix), 'to start with', prefix, subject, 'starts with'),
};

export const endsWith: AssertionDef<string> = {
  name: 'ends_with',
  evaluate: (suffix, subject) => verdict(subject.trimEnd().endsWith(suffix), 'to end with', suffix, subject, 'ends with'),
};

/** Case folded as far as JavaScript can: upper case first, so ß (STRASSE) and the like meet their capitals. */
function folded(text: string): string {
  return text.toUpperCase().toLowerCase();
}
