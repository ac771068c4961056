/**
 * promptgate/vitest: YAML suites as vitest tests, and matchers for Claude answers.
 * Importing this module registers the matchers with vitest's `expect`.
 */
import { expect } from 'vitest';
import { matchers, type AssertionEntry, type PassAssertionOptions } from './matchers.ts';

expect.extend(matchers);

export { describeSuite, type DescribeSuiteOptions } from './describe-suite.ts';
export { matchers, type AssertionEntry, type PassAssertionOptions };
export type { Answer } from './received.ts';

export interface PromptgateMatchers<R = unknown> {
  /** The answer calls tool `name` (any tool when omitted); `input` is matched like toMatchObject. `.not.toCallTool()`: no tool call. */
  toCallTool(name?: string, input?: Record<string, unknown>): R;
  /** The answer's text parsed as JSON (a ```json fence allowed), or a value, is valid against the JSON Schema (draft 2020-12). */
  toMatchJsonSchema(schema: Record<string, unknown> | boolean): R;
  /** Any suite assertion in its YAML form, e.g. `{ contains: 'refund' }`; await it. */
  toPassAssertion(assertion: AssertionEntry, options?: PassAssertionOptions): Promise<void>;
}

/*
 * The matchers' types, on every vitest major. vitest's documented extension points cannot share one
 * declaration: `Assertion` and `Matchers` take `<T>` on 3 and 4 and `<R, T>` on 5, so a declaration
 * that fits one major fails on the others ("all declarations must have identical type parameters";
 * under skipLibCheck, `expect(x)` silently becomes `any`), and 3.0/3.1 have no `Matchers` at all.
 * Every major builds `Assertion` from chai's `Chai.Assertion` (its members mapped, and promisified
 * under `.resolves`, `.rejects` and `expect.poll`), and `expect.extend` installs matchers on
 * `chai.Assertion.prototype` at run time: declared there, they are typed alike on every major, as
 * they really are.
 */
declare global {
  namespace Chai {
    interface Assertion extends PromptgateMatchers<void> {}
  }
}
