/**
 * msw is an optional peer: the kits share it with the project (the app's tests call msw's
 * setupServer with promptgate/msw's handlers, and one copy keeps them one library), and the CLI
 * inlines its own. Where the project has not installed it, a kit's static import of msw would fail
 * with a bare ERR_MODULE_NOT_FOUND from inside promptgate (under pnpm, always); the kit entry
 * points call this first so the error names the fix, as for a missing vitest or SDK.
 */

/** Loads msw. Where it is not installed, throws one line naming the fix for `who`. */
export async function importMsw(who: string): Promise<void> {
  try {
    await import('msw');
  } catch (e) {
    // Only msw itself missing: an msw that is there but fails to load keeps its own error.
    const code = (e as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((e as Error).message).includes("package 'msw'")) throw e;
    // No `cause`: Node would print the raw ERR_MODULE_NOT_FOUND and its stack under this line.
    throw new Error(`${who} needs msw (>= 3), which is not installed: npm install -D msw`);
  }
}
