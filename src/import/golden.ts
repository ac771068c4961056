/**
 * An ideal / golden answer as assertions. A bare number is checked with `equals` (the cookbook's
 * code-graded evals compare it exactly, and `icontains: "2"` would pass "12"). A rubric is a paid
 * check, so only prose makes one: an answer of PROSE_WORDS words or more (a dash or other
 * punctuation is not a word), which the model will not repeat word for word. Anything shorter is a
 * label (a category, a name), checked with a free case-insensitive `icontains`.
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
