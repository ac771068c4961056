import type { Writer } from '../redact.ts';
import type { Env, RunContext } from '../run-context.ts';

/** What main() is given instead of `process`: the bin passes the process's, a test its own. */
export interface CliIo {
  /** User-given paths resolve against it. */
  cwd: string;
  env: Env;
  stdout: Writer;
  stderr: Writer;
  /** Interrupts a run: nothing new is sent, calls in flight get a grace (the bin's first SIGINT/SIGTERM). */
  signal?: AbortSignal | undefined;
  /** Cuts calls in flight at once (the second). */
  cut?: AbortSignal | undefined;
}

/** A command's context: the io, with the streams redacting, and the run's prices and secrets. */
export type Cli = CliIo & RunContext;
