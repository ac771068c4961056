/**
 * The matchers on whichever vitest major is installed, at run time and to the type checker.
 * scripts/check-vitest-majors.ts copies this file into a fresh project per major (with the example
 * router's recordings in fixtures/) and runs tsc and vitest there; the repo's typecheck checks it
 * against its own vitest.
 */
import { readCassette } from 'promptgate';
// The side-effect import registers the matchers: a type-only import is erased and would not.
import 'promptgate/vitest';
import type { Answer } from 'promptgate/vitest';
import { expect, expectTypeOf, test } from 'vitest';

async function recorded(caseId: string): Promise<Answer> {
  const file = `fixtures/ticket-router/${caseId}.json`;
  const cassette = await readCassette(file);
  if (!cassette) throw new Error(`no recording at ${file}`);
  return cassette.response.message;
}

test('toCallTool passes, negates, and names what was called when it fails', async () => {
  const answer = await recorded('double-charge');
  expect(answer).toCallTool('route_ticket', { category: 'billing', confidence: expect.any(Number) });
  expect(answer).not.toCallTool('lookup_order');
  // The failure message reads vitest's matcher context (equals, custom testers, diff), which differs by major.
  expect(() => expect(answer).toCallTool('route_ticket', { category: 'account' })).toThrow(
    /expected the answer to call route_ticket with input matching \{"category":"account"\}, but it called route_ticket\(/,
  );
  await expect(Promise.resolve(answer)).resolves.toCallTool('route_ticket');
});

test('toMatchJsonSchema validates text answers and lists violations', () => {
  const person = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
  expect('```json\n{"name": "Alice"}\n```').toMatchJsonSchema(person);
  expect(() => expect('{"age": 30}').toMatchJsonSchema(person)).toThrow(/1 violation/);
});

test('toPassAssertion evaluates suite assertions, negated too', async () => {
  const answer = await recorded('weather');
  await expect(answer).toPassAssertion({ contains: 'I can only help with Acme support questions' });
  await expect(answer).not.toPassAssertion({ tool_called: 'route_ticket' });
  await expect(expect(answer).toPassAssertion({ icontains: 'sunny' })).rejects.toThrow(/icontains failed/);
});

// Never called: these lines are checked by tsc only. Each @ts-expect-error must meet an error, so a
// matcher typed as `any` (or an `expect` that lost its types) fails the check too.
export function typeChecks(answer: Answer): void {
  expectTypeOf(expect(answer).toCallTool('route_ticket', { category: 'billing' })).toEqualTypeOf<void>();
  expectTypeOf(expect(answer).not.toCallTool()).toEqualTypeOf<void>();
  expectTypeOf(expect(answer).toMatchJsonSchema({ type: 'object' })).toEqualTypeOf<void>();
  expectTypeOf(expect(answer).toMatchJsonSchema(true)).toEqualTypeOf<void>();
  expectTypeOf(expect(answer).toPassAssertion({ contains: 'refund' }, { dir: 'suites', latencyMs: 10 })).toEqualTypeOf<Promise<void>>();
  expectTypeOf(expect(Promise.resolve(answer)).resolves.toCallTool('route_ticket')).toEqualTypeOf<Promise<void>>();

  // @ts-expect-error the tool is named by a string
  expect(answer).toCallTool(42);
  // @ts-expect-error the input is an object of fields
  expect(answer).toCallTool('route_ticket', 'billing');
  // @ts-expect-error a schema is an object or a boolean, not a file name
  expect(answer).toMatchJsonSchema('person.schema.json');
  // @ts-expect-error an assertion is an entry in its YAML form, not a name
  void expect(answer).toPassAssertion('contains');
  // @ts-expect-error dir is a path
  void expect(answer).toPassAssertion({ contains: 'refund' }, { dir: 1 });

  // vitest's own matchers keep their types next to ours.
  expectTypeOf(expect(answer)).not.toBeAny();
  expectTypeOf(expect(answer).toBe(answer)).toEqualTypeOf<void>();
  expectTypeOf(expect(1).not.toBe(2)).toEqualTypeOf<void>();
  // @ts-expect-error toBe needs the expected value
  expect(1).toBe();
  // @ts-expect-error no such matcher
  expect(1).toBeAnAnswer();
}
