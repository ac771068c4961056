import { describe, expect, it } from 'vitest';
import { columnRole } from '../../src/import/columns.ts';
import { detectKind } from '../../src/import/detect.ts';
import { directiveAssertion } from '../../src/import/expected-directive.ts';
import { goldenAssertions } from '../../src/import/golden.ts';
import { elementPlaces } from '../../src/json-text.ts';
import { splitPrompt } from '../../src/import/prompt-file.ts';
import { IdAllocator, slugify } from '../../src/import/slug.ts';

describe('__expected cells', () => {
  it.each([
    ['contains: refund', { contains: 'refund' }],
    ['icontains:Paris', { icontains: 'Paris' }],
    ['regex:^\\d+$', { regex: '^\\d+$' }],
    ['equals: 42', { equals: '42' }],
    ['llm-rubric: Is polite', { rubric: 'Is polite' }],
    ['not-icontains: sorry', { not: { icontains: 'sorry' } }],
    ['not-regex: \\bI think\\b', { not: { regex: '\\bI think\\b' } }],
    ['starts-with: Dear', { starts_with: 'Dear' }],
    ['contains-any: yes, no', { contains_any: ['yes', 'no'] }],
    ['is-json', { is_json: true }],
    ['Paris', { equals: 'Paris' }],
    ['Note: bring an umbrella', { equals: 'Note: bring an umbrella' }],
    ['ratio: 3:2', { equals: 'ratio: 3:2' }],
  ])('%s', (cell, entry) => expect(directiveAssertion(cell)).toEqual(entry));

  it('a promptfoo type promptgate lacks is left for a TODO; an empty cell is no assertion', () => {
    expect(directiveAssertion('javascript: output.length < 100')).toBeUndefined();
    expect(directiveAssertion('similar: Paris is the capital')).toBeUndefined();
    expect(directiveAssertion('  ')).toBeNull();
  });
});

describe('golden answers', () => {
  it('numbers exactly, short labels in any case, prose by rubric; objects are kept for a TODO', () => {
    expect(goldenAssertions('golden_answer', '4').assert).toEqual([{ equals: '4' }]);
    expect(goldenAssertions('golden_answer', 3).assert).toEqual([{ equals: '3' }]);
    expect(goldenAssertions('golden_answer', ['Software Bug', 'Billing']).assert).toEqual([{ icontains: 'Software Bug' }, { icontains: 'Billing' }]);
    expect(goldenAssertions('golden_answer', 'The customer should be offered a refund and an apology.').assert[0]).toHaveProperty('rubric');
    expect(goldenAssertions('golden_answer', { a: 1 })).toEqual({ assert: [], unknown: [{ key: 'golden_answer', value: { a: 1 } }] });
  });

  it('a rubric (a paid check) only from prose of 8 words or more: a short label with a dash is a label', () => {
    expect(goldenAssertions('ideal', 'Billing - Refund Request').assert).toEqual([{ icontains: 'Billing - Refund Request' }]);
    expect(goldenAssertions('ideal', 'Account access - two-factor reset issue').assert).toEqual([{ icontains: 'Account access - two-factor reset issue' }]);
    expect(goldenAssertions('ideal', 'one two three four five six seven').assert).toEqual([{ icontains: 'one two three four five six seven' }]);
    expect(goldenAssertions('ideal', 'one two three four five six seven eight').assert[0]).toHaveProperty('rubric');
  });
});

describe('columns', () => {
  it('tells variables, names, ideal answers and Console extras apart', () => {
    expect(columnRole('{{ ticket }}')).toEqual({ role: 'variable', name: 'ticket', explicit: true });
    expect(columnRole('ticket')).toEqual({ role: 'variable', name: 'ticket', explicit: false });
    expect(columnRole('Ideal Output')).toEqual({ role: 'ideal' });
    expect(columnRole('golden_answer')).toEqual({ role: 'ideal' });
    expect(columnRole('__expected3')).toEqual({ role: 'expected' });
    expect(columnRole('Test Case #').role).toBe('ignored');
    expect(columnRole('Output (Prompt v3)').role).toBe('ignored');
    expect(columnRole('{{my var}}').role).toBe('invalid');
  });
});

describe('format detection', () => {
  it('looks at the content first: a CSV may open with {{VAR}}, a renamed JSON is still JSON', () => {
    expect(detectKind('x.csv', '{{ticket}},expected\n')).toBe('csv');
    expect(detectKind('x.txt', '  [{"a": 1}]')).toBe('json');
    expect(detectKind('x.csv', '{ "test_cases": [] }')).toBe('json');
    expect(detectKind('x.json', '"just a string"')).toBe('json');
    expect(detectKind('x.csv', '"name","input"\n')).toBe('csv');
  });
});

describe('ids and places', () => {
  it('slugs are ASCII and bounded; duplicates get -2, -3 even against a real foo-2', () => {
    expect(slugify('Billing: double charge — Café')).toBe('billing-double-charge-cafe');
    expect(slugify('a'.repeat(30) + ' ' + 'b'.repeat(50)).length).toBeLessThanOrEqual(64);
    const ids = new IdAllocator();
    expect(['foo', 'foo-2', 'foo', 'foo'].map((b) => ids.take(b))).toEqual(['foo', 'foo-2', 'foo-3', 'foo-4']);
  });

  it('finds where each case starts, ignoring brackets inside strings', () => {
    const text = '[\n  {"a": "[}\\"{"},\n  [1, 2],\n  "x"\n]';
    expect(elementPlaces(text, [])).toEqual([
      { line: 2, col: 3 },
      { line: 3, col: 3 },
      { line: 4, col: 3 },
    ]);
    const envelope = '{"tools": [{"name": "t"}], "test_cases": [ {"b": 1}, {"c": 2} ]}';
    expect(elementPlaces(envelope, ['test_cases'])).toEqual([
      { line: 1, col: 44 },
      { line: 1, col: 54 },
    ]);
  });

  it('splits a System:/User: prompt file and leaves any other file whole', () => {
    expect(splitPrompt('p', 'System:\nBe brief.\n\nUser:\n{{q}}\n')).toEqual({ system: 'Be brief.', prompt: '{{q}}' });
    expect(splitPrompt('p', 'Answer {{q}}.\nUser: mentioned here\n')).toEqual({ prompt: 'Answer {{q}}.\nUser: mentioned here' });
  });
});
