/**
 * Keeps API keys out of everything promptgate prints or writes. Applied where text leaves the
 * process (stdout/stderr in the CLI, every file write, the step summary) and where errors are made,
 * so a key echoed by a gateway, returned by a custom check or quoted by the model is caught
 * whichever way it travels.
 */
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

const extraSecrets = new Set<string>();

/** A key given in code (the vitest kit's `apiKey` option) rather than in the environment. */
export function addSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_PREFIX) extraSecrets.add(secret);
}

function secretsInForce(): string[] {
  return [process.env.ANTHROPIC_API_KEY, process.env.ANTHROPIC_AUTH_TOKEN, ...extraSecrets].filter((s): s is string => !!s && s.length >= MIN_PREFIX);
}

export function redact(text: string, secrets: (string | undefined)[] = secretsInForce()): string {
  let out = text.includes('sk-ant-') ? text.replace(KEY_SHAPE, REDACTED) : text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_PREFIX) continue;
    // indexOf first: a results file is megabytes, and almost never holds a key.
    if (out.includes(secret.slice(0, MIN_PREFIX)) || out.includes(secret.slice(-MIN_SUFFIX))) out = out.replace(fragmentsOf(secret), REDACTED);
  }
  return out;
}

/** Every string written to these streams is redacted first (the CLI's stdout and stderr). */
export function redactStreams(...streams: NodeJS.WriteStream[]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redact(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}
