/**
 * The CLI in-process: main() with this call's own directory, environment and capturing streams,
 * so a test sees the exit code, stdout and stderr a spawned `promptgate` would give, without a
 * process start. What main never sees stays with the process: signals (pass `signal`) and code
 * that writes to process.stdout itself (a custom check's console.log).
 */
import { main } from '../../src/cli/main.ts';

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunMainOptions {
  /** Default: the test process's directory. */
  cwd?: string;
  /** The whole environment the run sees (default: the test process's). */
  env?: Record<string, string | undefined>;
  /** Interrupts the run, as a first Ctrl-C does. */
  signal?: AbortSignal;
}

export async function runMain(args: string[], opts: RunMainOptions = {}): Promise<MainRun> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => ({
    write: (chunk: string | Uint8Array) => void into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')),
  });
  let code: number;
  try {
    code = await main(args, {
      cwd: opts.cwd ?? process.cwd(),
      env: opts.env ?? { ...process.env },
      stdout: capture(out),
      stderr: capture(err),
      signal: opts.signal,
    });
  } catch (error) {
    // main resolves every failure to a code; a throw out of it is the bin's uncaughtException: exit 4.
    const { fail } = await import('../../src/cli/fail.ts');
    code = fail(error, capture(err));
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
