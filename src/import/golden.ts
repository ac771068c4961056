/**
 * An ideal / golden answer as assertions. A bare number is checked with `equals` (the cookbook's
 * code-graded evals compare it exactly, and `icontains: "2"` would pass "12"); a short label
 * (a category, a name) with a case-insensitive `icontains`; anything longer is prose the model
 * will not repeat word for word, so it becomes a `rubric` comparing against the reference.
 */
import type { AssertionEntry, Todo } from './types.ts';

const LABEL_CHARS = 40;
const LABEL_WORDS = 3;

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
    else if (text.length <= LABEL_CHARS && text.split(/\s+/).length <= LABEL_WORDS) assert.push({ icontains: text });
    else assert.push({ rubric: `The output is correct and agrees in substance with this reference answer:\n\n${text}` });
  }
  return { assert, unknown: [] };
}
