import { readRunResult } from './read.ts';
import type { RunResult } from '../run-result.ts';
import { InputError } from '../input-error.ts';

/** Reads every file before failing, so one message lists every bad file instead of the first. */
export async function readAll(files: string[]): Promise<RunResult[]> {
  const settled = await Promise.allSettled(files.map((f) => readRunResult(f)));
  const bad = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (bad.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<RunResult>).value);
  const notInput = bad.find((e) => !(e instanceof InputError));
  if (notInput) throw notInput;
  throw new InputError((bad as InputError[]).flatMap((e) => e.diagnostics));
}
