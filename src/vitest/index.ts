/**
 * promptgate/vitest: YAML suites as vitest tests, and matchers for Claude answers.
 * Importing this module registers the matchers with vitest's `expect`.
 */
import { installCommand, isMissingPackage } from '../transport/missing-package.ts';
import { importMsw } from '../transport/msw-peer.ts';
import { importSdk } from '../transport/sdk-peer.ts';
import { matchers, type AssertionEntry, type PassAssertionOptions } from './matchers.ts';

/**
 * vitest is an optional peer: a static import would surface a missing vitest as a bare
 * ERR_MODULE_NOT_FOUND, so it is loaded here first, letting the error name the fix.
 */
async function importVitest(): Promise<typeof import('vitest')> {
  try {
    return await import('vitest');
  } catch (e) {
    if (!isMissingPackage(e, 'vitest')) throw e;
    // No `cause`: Node would print the raw ERR_MODULE_NOT_FOUND and its stack under this line.
    throw new Error(`promptgate/vitest needs vitest (>= 3), which is not installed: ${installCommand('vitest', { dev: true })}`);
  }
}

// Top-level await makes this module import-only (require() refuses it), as vitest itself is.
const { expect } = await importVitest();
expect.extend(matchers);

// describe-suite.ts imports vitest and (through the transports) the SDK statically, so it is loaded
// only once both are found; the SDK is the project's own, a peer like vitest.
await importSdk('promptgate/vitest', (line) => new Error(line));
// Replay serves recordings through msw (an optional peer, shared with promptgate/msw).
await importMsw('promptgate/vitest');
export const { describeSuite } = await import('./describe-suite.ts');
export type { DescribeSuiteOptions } from './describe-suite.ts';
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
 * The matchers' types, on every vitest major. vitest's `Assertion` and `Matchers` take `<T>` on 3
 * and 4 and `<R, T>` on 5 (and 3.0/3.1 have no `Matchers`), so no one declaration there fits all.
 * Every major builds `Assertion` from `Chai.Assertion`, where `expect.extend` installs matchers at
 * run time: declared there, they are typed alike on every major.
 */
declare global {
  namespace Chai {
    interface Assertion extends PromptgateMatchers<void> {}
  }
}
