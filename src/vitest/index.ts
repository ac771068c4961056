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

declare module 'vitest' {
  interface Assertion<R, T> extends PromptgateMatchers<R> {}
}
