/**
 * Keeps API keys out of everything promptgate prints or writes. Applied where text leaves the
 * process (stdout/stderr in the CLI, every file write, the step summary) and where errors are made,
 * so a key echoed by a gateway, returned by a custom check or quoted by the model is caught
 * whichever way it travels.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const KEY_SHAPE = /sk-ant-[A-Za-z0-9_-]{3,}/g;
export const REDACTED = '[redacted]';

/** Fragments shorter than these could match ordinary text; longer ones are the key's own. */
const MIN_PREFIX = 8;
const MIN_SUFFIX = 6;

const fragmentPatterns = new Map<string, RegExp>();

/** The secret, or any prefix or suffix of it that is long enough to be its own: longest first. */
function fragmentsOf(secret: string): RegExp {
  let pattern = fragmentPatterns.get(secret);
  if (!pattern) {
    const parts = [secret];
    for (let n = secret.length - 1; n >= Math.min(MIN_PREFIX, MIN_SUFFIX); n--) {
      if (n >= MIN_PREFIX) parts.push(secret.slice(0, n));
      if (n >= MIN_SUFFIX) parts.push(secret.slice(-n));
    }
    pattern = new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    fragmentPatterns.set(secret, pattern);
  }
  return pattern;
}

/** The keys of the run whose code is executing (withSecrets): its env's and any apiKey it was given. */
const runSecrets = new AsyncLocalStorage<readonly string[]>();

/** A run's secrets: the keys in its environment, and keys given in code (an `apiKey` option). */
export function secretsOf(env: Record<string, string | undefined>, ...given: (string | undefined)[]): string[] {
  return [env.ANTHROPIC_API_KEY, env.ANTHROPIC_AUTH_TOKEN, ...given].filter((s): s is string => !!s && s.length >= MIN_PREFIX);
}

/** Runs `fn` (and everything it awaits) redacting `secrets` wherever a default redact() runs (errors, file writes). */
export function withSecrets<T>(secrets: readonly string[], fn: () => T): T {
  return runSecrets.run(secrets, fn);
}

/** Outside a run (a library caller's own runSuites), the process's keys. */
function secretsInForce(): readonly string[] {
  return runSecrets.getStore() ?? secretsOf(process.env);
}

export function redact(text: string, secrets: readonly (string | undefined)[] = secretsInForce()): string {
  let out = text.includes('sk-ant-') ? text.replace(KEY_SHAPE, REDACTED) : text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_PREFIX) continue;
    // indexOf first: a results file is megabytes, and almost never holds a key.
    if (out.includes(secret.slice(0, MIN_PREFIX)) || out.includes(secret.slice(-MIN_SUFFIX))) out = out.replace(fragmentsOf(secret), REDACTED);
  }
  return out;
}

/** Where a command writes: a stream, or anything with its write(). */
export interface Writer {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean | undefined;
}

/** `out` with every chunk redacted first, text or bytes (a custom check may write either). */
export function redactingWriter(out: Writer, secrets: readonly string[]): Writer {
  return {
    isTTY: out.isTTY,
    write: (chunk) => out.write(typeof chunk === 'string' ? redact(chunk, secrets) : redact(Buffer.from(chunk).toString('utf8'), secrets)),
  };
}

/**
 * Every write to these streams redacted with `secrets`: for the bin alone, whose process also
 * carries what a run's own code prints straight to the console (a custom check's console.log, the
 * SDK's warnings), beside what main() writes through its redacting writers.
 */
export function redactStreams(streams: NodeJS.WriteStream[], secrets: readonly string[]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redact(chunk, secrets) : chunk, ...rest)) as typeof stream.write;
  }
}
