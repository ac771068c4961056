/**
 * msw is an optional peer: the kits share the project's copy (its setupServer takes our handlers),
 * and the CLI inlines its own. Where it is missing, a kit's static import would fail with a bare
 * ERR_MODULE_NOT_FOUND; the kit entry points call this first so the error names the fix.
 */

import { installCommand, isMissingPackage } from './missing-package.ts';

/** Loads msw. Where it is not installed, throws one line naming the fix for `who`. */
export async function importMsw(who: string): Promise<void> {
  try {
    await import('msw');
  } catch (e) {
    if (!isMissingPackage(e, 'msw')) throw e;
    // No `cause`: Node would print the raw ERR_MODULE_NOT_FOUND and its stack under this line.
    throw new Error(`${who} needs msw (>= 3), which is not installed: ${installCommand('msw', { dev: true })}`);
  }
}
