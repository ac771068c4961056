/**
 * An ideal / golden answer as assertions. A bare number is checked with `equals` (`icontains: "2"`
 * would pass "12"). A rubric is a paid check, so only prose of PROSE_WORDS words or more (punctuation
 * is no word) makes one; anything shorter is a label, checked with a free `icontains`.
 */
import type { AssertionEntry, Todo } from './types.ts';

const PROSE_WORDS = 8;

export function goldenAssertions(key: string, answer: unknown): { assert: AssertionEntry[]; unknown: Todo[] } {
  const items = Array.isArray(answer) ? answer : [answer];
  const assert: AssertionEntry[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'number' || typeof item === 'boolean') {
      assert.push({ equals: String(item) });
      continue;
    }
    if (typeof item !== 'string') return { assert: [], unknown: [{ key, value: answer }] };
    const text = item.trim();
    if (text === '') continue;
    if (/^-?\d+(\.\d+)?$/.test(text)) assert.push({ equals: text });
    else if (wordsIn(text) < PROSE_WORDS) assert.push({ icontains: text });
    else assert.push({ rubric: `The output is correct and agrees in substance with this reference answer:\n\n${text}` });
  }
  return { assert, unknown: [] };
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
