/**
 * `__expected` cells, the CSV convention of Anthropic's prompt-evaluation course (promptfoo's):
 * `type:value`, `not-type:value`, or a bare value meaning `equals`.
 */
import type { AssertionEntry } from './types.ts';

const DIRECT: Record<string, string> = {
  contains: 'contains',
  icontains: 'icontains',
  equals: 'equals',
  regex: 'regex',
  'starts-with': 'starts_with',
  'llm-rubric': 'rubric',
  'model-graded-closedqa': 'rubric',
};
const LISTS: Record<string, string> = {
  'contains-any': 'contains_any',
  'contains-all': 'contains_all',
};
/** promptfoo types promptgate has no counterpart for: a TODO, not a bare `equals` of the whole cell. */
const FOREIGN = new Set([
  'javascript',
  'python',
  'similar',
  'levenshtein',
  'rouge-n',
  'bleu',
  'webhook',
  'cost',
  'latency',
  'perplexity',
  'perplexity-score',
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'factuality',
  'classifier',
  'moderation',
  'is-xml',
  'is-sql',
  'contains-json',
  'contains-xml',
  'contains-sql',
  'icontains-any',
  'icontains-all',
  'g-eval',
  'select-best',
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
  'is-refusal',
  'model-graded-factuality',
]);

/** The assertion for one cell; undefined when its type is not one promptgate has (kept as a TODO). */
export function directiveAssertion(cell: string): AssertionEntry | null | undefined {
  const text = cell.trim();
  if (text === '') return null;
  const m = /^(not-)?([a-z][a-z0-9-]*)(?::\s*([\s\S]*))?$/.exec(text);
  const known = (t: string) => t === 'is-json' || Object.hasOwn(DIRECT, t) || Object.hasOwn(LISTS, t) || FOREIGN.has(t);
  if (!m || !known(m[2]!) || (m[3] === undefined && m[2] !== 'is-json')) return { equals: text };
  const [, not, type, value = ''] = m as unknown as [string, string | undefined, string, string | undefined];
  let entry: AssertionEntry | undefined;
  if (type === 'is-json') entry = value === '' ? { is_json: true } : undefined;
  else if (Object.hasOwn(DIRECT, type)) entry = value === '' ? undefined : { [DIRECT[type]!]: value };
  else if (Object.hasOwn(LISTS, type)) {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    entry = items.length ? { [LISTS[type]!]: items } : undefined;
  }
  if (!entry) return undefined;
  return not ? { not: entry } : entry;
}
