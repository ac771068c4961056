/** What loading suites says is wrong, each problem as the CLI prints it (`file:line:col: error: …`). */
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';

/** The problems loading `paths` finds; a load that finds none fails the test. */
export async function problemsOf(paths: string[]): Promise<string[]> {
  try {
    await loadSuites(paths);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected an InputError');
}
