import { formatDiagnostic } from '../input-error.ts';
import { loadSuites } from '../suite/load.ts';
import type { Cli } from './io.ts';

export async function validate(paths: string[], flags: { apiVersion?: string }, cli: Cli): Promise<number> {
  const suites = await loadSuites(paths, { apiVersion: flags.apiVersion });
  // Warnings refuse nothing (exit 0), so they go to stderr beside the verdict, each at its line.
  for (const w of suites.flatMap((s) => s.warnings ?? [])) cli.stderr.write(formatDiagnostic(w).replace(': error: ', ': warning: ') + '\n');
  const cases = suites.reduce((n, s) => n + s.cases.length, 0);
  const assertions = suites.reduce((n, s) => n + s.cases.reduce((m, c) => m + c.assert.length, 0), 0);
  cli.stdout.write(`✓ ${suites.length} suite${suites.length === 1 ? '' : 's'}, ${cases} case${cases === 1 ? '' : 's'}, ${assertions} assertions: all valid\n`);
  return 0;
}
