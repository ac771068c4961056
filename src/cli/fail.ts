import { outsideLog } from '../format/outside-text.ts';
import { InputError, formatDiagnostic } from '../input-error.ts';
import type { Writer } from '../redact.ts';

/**
 * A crash of promptgate itself exits 4, never 3: 3 says the API or the budget stopped the run, and
 * a CI retry policy or a reader of the logs must not mistake a bug for an outage.
 */
const CRASH_EXIT_CODE = 4;

/** Bad input is exit 2 with its diagnostics and no stack; anything else is a bug and keeps its stack. Returns the exit code. */
export function fail(error: unknown, stderr: Writer): number {
  if (error instanceof InputError) {
    for (const d of error.diagnostics) stderr.write(formatDiagnostic(d) + '\n');
    return 2;
  }
  stderr.write(
    `promptgate: internal error: this is a bug in promptgate, not in your suites or the API; please report it with the lines below.\n${outsideLog((error as Error)?.stack ?? String(error))}\n`,
  );
  return CRASH_EXIT_CODE;
}
