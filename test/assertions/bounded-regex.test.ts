/**
 * User patterns keep JavaScript's semantics on the worker (flags, lookarounds, backreferences, the
 * match's index in UTF-16 units, no lastIndex carried over), and one past the limit is stopped with
 * a reason naming it and the limit, after which the next evaluation gets a fresh worker.
 */
import { describe, expect, it } from 'vitest';
import { BoundedRegExp, REGEX_TIME_LIMIT_MS, RegexTimeout } from '../../src/assertions/bounded-regex.ts';

describe('BoundedRegExp', () => {
  it.each<[string, string, string, { index: number; match: string } | undefined]>([
    ['(?<=#)\\d+', '', 'order #48213', { index: 7, match: '48213' }],
    ['(\\w)\\1', '', 'abccd', { index: 2, match: 'cc' }],
    ['^b', 'm', 'a\nb', { index: 2, match: 'b' }],
    ['BILLING', 'i', 'a billing issue', { index: 2, match: 'billing' }],
    ['\\p{Emoji_Presentation}x', 'u', '😀😀x', { index: 2, match: '😀x' }],
    ['a', 'g', 'xa', { index: 1, match: 'a' }],
    ['z', '', 'abc', undefined],
  ])('/%s/%s on %j', (source, flags, subject, expected) => {
    const re = new BoundedRegExp(source, flags);
    expect(re.exec(subject)).toEqual(expected);
    // A g or y flag carries no lastIndex from one answer to the next.
    expect(re.exec(subject)).toEqual(expected);
    expect(re.test(subject)).toBe(expected !== undefined);
  });

  it('throws a syntax error at once, as RegExp does', () => {
    expect(() => new BoundedRegExp('(unclosed')).toThrow(SyntaxError);
  });

  it('stops a catastrophic pattern at the limit, naming it, and evaluates the next on a fresh worker', () => {
    const evil = `${'a'.repeat(40)}!`;
    expect(() => new BoundedRegExp('^(a+)+$').test(evil)).toThrow(RegexTimeout);
    expect(() => new BoundedRegExp('^(a+)+$').test(evil)).toThrow(
      new RegExp(`^/\\^\\(a\\+\\)\\+\\$/ did not finish within ${REGEX_TIME_LIMIT_MS} ms on 41 characters`),
    );
    expect(new BoundedRegExp('a+!').exec(evil)).toEqual({ index: 0, match: evil });
  });
});
