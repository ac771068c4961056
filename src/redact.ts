/**
 * Keeps API keys out of everything promptgate prints or writes: applied where text leaves the
 * process and where errors are made, so a key echoed by a gateway, check or model is caught.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const KEY_SHAPE = /sk-ant-[A-Za-z0-9_-]{3,}/g;
export const REDACTED = '[redacted]';

/**
 * Any slice of a key this long is the key's own (8 random characters do not occur in ordinary text).
 * Its last 6 and 7 are caught too: dashboards print a key's tail to name it, and unlike its start
 * (`sk-ant-a`) the tail is this key's own.
 */
const MIN_SLICE = 8;
const MIN_SUFFIX = 6;

/**
 * The 8-character slices of a set of secrets, for a Wu–Manber scan: windows whose last two characters
 * end no slice are skipped by the shift table, so most of a text is never read.
 */
interface SliceTable {
  /** 8-character slice -> where it occurs: [secret index, position] pairs. */
  at: Map<string, number[]>;
  /** How far the window may move on, by a hash of its last two characters. */
  shift: Uint8Array;
}

const pairHash = (a: number, b: number): number => (Math.imul(a, 0x9e3779b1) ^ b) & 0xffff;
const tables = new Map<string, SliceTable>();

function tableOf(secrets: string[]): SliceTable {
  const id = secrets.join('\0');
  let table = tables.get(id);
  if (!table) {
    const t: SliceTable = { at: new Map(), shift: new Uint8Array(1 << 16).fill(MIN_SLICE - 1) };
    secrets.forEach((secret, n) => {
      for (let j = 0; j + MIN_SLICE <= secret.length; j++) {
        const slice = secret.slice(j, j + MIN_SLICE);
        t.at.set(slice, [...(t.at.get(slice) ?? []), n, j]);
        // The pair ending at e in this slice is MIN_SLICE - 1 - e characters short of its end.
        for (let e = 1; e < MIN_SLICE; e++) {
          const h = pairHash(slice.charCodeAt(e - 1), slice.charCodeAt(e));
          t.shift[h] = Math.min(t.shift[h]!, MIN_SLICE - 1 - e);
        }
      }
    });
    if (tables.size > 16) tables.clear(); // the secrets of a process are few; a bound all the same
    tables.set(id, (table = t));
  }
  return table;
}

/**
 * Where a text holds a slice of a secret of 8 characters or more (or its last 6 or 7), as sorted,
 * merged [start, end) spans. A window that is a slice is grown as far as the secret allows either
 * way; the scan then resumes at the window that crosses the span's end, which every longer slice
 * reaching past it contains.
 */
function sliceSpans(text: string, secrets: string[]): [number, number][] {
  const { at, shift } = tableOf(secrets);
  const found: [number, number][] = [];
  // `last` is the index of the window's last character.
  for (let last = MIN_SLICE - 1; last < text.length;) {
    const skip = shift[pairHash(text.charCodeAt(last - 1), text.charCodeAt(last))]!;
    if (skip) {
      last += skip;
      continue;
    }
    const i = last - MIN_SLICE + 1;
    const where = at.get(text.slice(i, last + 1));
    let [start, end] = [i, -1];
    for (let c = 0; where && c < where.length; c += 2) {
      const secret = secrets[where[c]!]!;
      const j = where[c + 1]!;
      let back = 0;
      while (back < j && back < i && text.charCodeAt(i - back - 1) === secret.charCodeAt(j - back - 1)) back++;
      let ahead = MIN_SLICE;
      while (j + ahead < secret.length && i + ahead < text.length && text.charCodeAt(i + ahead) === secret.charCodeAt(j + ahead)) ahead++;
      start = Math.min(start, i - back);
      end = Math.max(end, i + ahead);
    }
    if (end < 0) last++;
    else {
      found.push([start, end]);
      last = Math.max(last + 1, end);
    }
  }
  // Tails of 6 or 7 characters, too short for the windows above.
  for (const secret of secrets) {
    const tail = secret.slice(-MIN_SUFFIX);
    for (let i = text.indexOf(tail); i >= 0; i = text.indexOf(tail, i + 1)) {
      const longer = i > 0 && text.charCodeAt(i - 1) === secret.charCodeAt(secret.length - MIN_SUFFIX - 1);
      found.push([longer ? i - 1 : i, i + MIN_SUFFIX]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const spans: [number, number][] = [];
  for (const [from, to] of found) {
    const prev = spans.at(-1);
    if (prev && from <= prev[1]) prev[1] = Math.max(prev[1], to);
    else spans.push([from, to]);
  }
  return spans;
}

/** The keys of the run whose code is executing (withSecrets): its env's and any apiKey it was given. */
const runSecrets = new AsyncLocalStorage<readonly string[]>();

/**
 * A run's secrets: the keys in its environment, keys given in code (an `apiKey` option), and the
 * credentials a gateway takes: a user name, password or signature in ANTHROPIC_BASE_URL, and the
 * values of ANTHROPIC_CUSTOM_HEADERS (which the SDK sends on every request) named like one.
 */
export function secretsOf(env: Record<string, string | undefined>, ...given: (string | undefined)[]): string[] {
  const all = [
    env.ANTHROPIC_API_KEY,
    env.ANTHROPIC_AUTH_TOKEN,
    ...urlCredentials(env.ANTHROPIC_BASE_URL),
    ...headerCredentials(env.ANTHROPIC_CUSTOM_HEADERS),
    ...given,
  ];
  return [...new Set(all.filter((s): s is string => !!s && s.length >= MIN_SLICE))];
}

/**
 * A header or query parameter named like it carries a credential, by the words of its name
 * (cf-aig-authorization, x-api-key, sig); other values are plain text, not secrets: x-team: evals,
 * or x-design-team, which holds "sig" but not as a word.
 */
const CREDENTIAL_WORDS = new Set([
  'authorization',
  'auth',
  'token',
  'key',
  'apikey',
  'secret',
  'signature',
  'sig',
  'cookie',
  'password',
  'passwd',
  'credential',
  'credentials',
  'bearer',
  'session',
]);
const isCredentialName = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => CREDENTIAL_WORDS.has(word));

/** The user name, password and credential-like query values of a URL, as written and decoded. */
function urlCredentials(text: string | undefined): string[] {
  if (!text || !URL.canParse(text)) return [];
  const url = new URL(text);
  const query = [...url.searchParams].filter(([name]) => isCredentialName(name)).map(([, value]) => value);
  return [url.username, url.password, ...query].flatMap((v) => [v, decodeOr(v), encodeURIComponent(v)]);
}

/** Values of `Name: value` lines (the SDK's reading of ANTHROPIC_CUSTOM_HEADERS) whose name is a credential's. */
function headerCredentials(text: string | undefined): string[] {
  return (text ?? '').split('\n').flatMap((line) => {
    const colon = line.indexOf(':');
    return colon > 0 && isCredentialName(line.slice(0, colon)) ? [line.slice(colon + 1).trim()] : [];
  });
}

function decodeOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Runs `fn` (and everything it awaits) redacting `secrets` wherever a default redact() runs (errors, file writes). */
export function withSecrets<T>(secrets: readonly string[], fn: () => T): T {
  return runSecrets.run(secrets, fn);
}

/** Outside a run (a library caller's own runSuites), the process's keys. */
function secretsInForce(): readonly string[] {
  return runSecrets.getStore() ?? secretsOf(process.env);
}

/**
 * The text with every key-shaped string, and every slice of a secret of 8 characters or more (and
 * its last 6 or 7), replaced by [redacted]. Linear in the text: a results file is megabytes.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = secretsInForce()): string {
  const out = text.includes('sk-ant-') ? text.replace(KEY_SHAPE, REDACTED) : text;
  const own = secrets.filter((s): s is string => !!s && s.length >= MIN_SLICE);
  if (!own.length) return out;
  const spans = sliceSpans(out, own);
  if (!spans.length) return out;
  let redacted = '';
  let from = 0;
  for (const [start, end] of spans) {
    redacted += out.slice(from, start) + REDACTED;
    from = end;
  }
  return redacted + out.slice(from);
}

/**
 * A chunk on its way to a stream, redacted like text. Bytes are matched as latin1 against the
 * secrets' UTF-8 bytes, so what is not a secret passes byte for byte (a split multi-byte character
 * is not mangled). Each chunk is redacted alone: a key split across writes is caught in each part of
 * 8 characters or more; joining chunks would delay every write.
 */
export function redactChunk<T>(chunk: T, secrets: readonly (string | undefined)[] = secretsInForce()): T {
  if (typeof chunk === 'string') return redact(chunk, secrets) as T;
  if (!(chunk instanceof Uint8Array)) return chunk;
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const text = bytes.toString('latin1');
  const redacted = redact(
    text,
    secrets.map((s) => s && Buffer.from(s, 'utf8').toString('latin1')),
  );
  return (redacted === text ? chunk : Buffer.from(redacted, 'latin1')) as T;
}

/** Where a command writes: a stream, or anything with its write(). */
export interface Writer {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean | undefined;
}

/** `out` with every chunk redacted first, text or bytes (a custom check may write either). */
export function redactingWriter(out: Writer, secrets: readonly string[]): Writer {
  return { isTTY: out.isTTY, write: (chunk) => out.write(redactChunk(chunk, secrets)) };
}

/**
 * Every write to these streams redacted with `secrets`, strings and bytes: for the bin alone, whose
 * process also carries what a run's own code prints straight to the console (a custom check's
 * console.log, the SDK's warnings), beside what main() writes through its redacting writers.
 */
export function redactStreams(streams: NodeJS.WriteStream[], secrets: readonly string[]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      // A string in another encoding ('hex', 'base64') is bytes in disguise: redacted as the bytes it writes.
      const encoding = typeof chunk === 'string' && typeof rest[0] === 'string' && !/^utf-?8$/i.test(rest[0]) ? (rest[0] as BufferEncoding) : undefined;
      return write(redactChunk(encoding ? Buffer.from(chunk as string, encoding) : chunk, secrets), ...rest);
    }) as typeof stream.write;
  }
}
