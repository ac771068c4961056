import { InputError, formatDiagnostic } from '../input-error.ts';

/** Bad input exits 2 with its diagnostics and no stack; anything else is a crash and keeps its stack. */
export function fail(error: unknown): void {
  if (error instanceof InputError) {
    for (const d of error.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`promptgate: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 3;
}
