/**
 * The Claude SDK is a peer dependency: promptgate calls the app's copy, whose major decides the API
 * version sent. Where it is missing, the transports' static import would fail with a bare
 * ERR_MODULE_NOT_FOUND; the entry points call this first so the error names the fix.
 */
import { installCommand, isMissingPackage } from './missing-package.ts';

const SDK = '@anthropic-ai/sdk';

/**
 * Loads the SDK. Where it is not installed, throws `failure(line)` with one line naming the fix for
 * `who`: the CLI makes it bad input (exit 2), the vitest kit a plain error.
 */
export async function importSdk(who: string, failure: (line: string) => Error): Promise<void> {
  try {
    await import('@anthropic-ai/sdk');
  } catch (e) {
    if (!isMissingPackage(e, SDK)) throw e;
    throw failure(`${who} needs ${SDK} (the Claude SDK your app calls), which is not installed: ${installCommand(SDK)}`);
  }
}
