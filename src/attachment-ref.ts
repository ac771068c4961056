/**
 * Attachments in recordings. A request may carry a file's bytes (an image or PDF as base64, a text
 * document as text); a cassette stores, and the key hashes, a reference in their place:
 * `sha256:<hex> (123,456 bytes, fixtures/inputs/invoice.pdf)`. So a recording never holds a second
 * copy of a file, and an edited file makes it stale with the diff naming the file.
 *
 * The key reads the hash and size only, never the name: the MSW kit sees an app's request with the
 * bytes but no file name, and must still find the cassette; the name is for whoever reads it.
 */
import { createHash } from 'node:crypto';

/** sha256 (hex) of a file's bytes → the file as the suite names it, shown in references. */
export type AttachmentNames = Readonly<Record<string, string>>;

const REF = /^sha256:([0-9a-f]{64}) \(([\d,]+) bytes(?:, .*)?\)$/s;

/** Whether `text` is a reference: a diff shows references whole, so the file's name is never cut off. */
export function isAttachmentRef(text: string): boolean {
  return REF.test(text);
}

/** The reference for `bytes`: what a cassette holds in their place. */
function attachmentRef(bytes: Uint8Array, name?: string): string {
  const hex = createHash('sha256').update(bytes).digest('hex');
  return `sha256:${hex} (${bytes.length.toLocaleString('en-US')} bytes${name !== undefined ? `, ${name}` : ''})`;
}

/** The request as a cassette stores it: every attached file's data is its reference, named where `names` knows it. */
export function withAttachmentRefs<T>(request: T, names: AttachmentNames = {}): T {
  return mapSources(request, (source) => withAttachmentRef(source, names));
}

/** A file source's data as a reference: kept when it is one, else made from the bytes. */
function withAttachmentRef(source: Source, names: AttachmentNames): string {
  if (REF.test(source.data)) return source.data;
  const bytes = source.type === 'base64' ? Buffer.from(source.data, 'base64') : Buffer.from(source.data, 'utf8');
  const hex = createHash('sha256').update(bytes).digest('hex');
  return attachmentRef(bytes, names[hex]);
}

/**
 * An attached file's block as the key reads it, or undefined when `value` is no such block (what is
 * inside one is not looked into): its data as a reference without the name, whether the request
 * holds the bytes or the reference. The key's walk (requestKey) asks at every object.
 */
export function keyedBlock(value: object): object | undefined {
  const block = value as Record<string, unknown>;
  if (!isFileBlock(block)) return undefined;
  return { ...block, source: { ...block.source, data: keyedData(block.source) } };
}

/** A reference without its name: the hash and size of the file, from the reference or the bytes. */
function keyedData(source: Source): string {
  const ref = REF.exec(withAttachmentRef(source, {}))!;
  return `sha256:${ref[1]} (${ref[2]} bytes)`;
}

/** The names a stored request's references carry, so a request rebuilt from bytes reads as the cassette does. */
export function attachmentNamesIn(request: unknown): Record<string, string> {
  const names: Record<string, string> = {};
  mapSources(request, (source) => {
    const named = /^sha256:([0-9a-f]{64}) \([\d,]+ bytes, (.*)\)$/s.exec(source.data);
    if (named) names[named[1]!] = named[2]!;
    return source.data;
  });
  return names;
}

interface Source {
  type: 'base64' | 'text';
  data: string;
}

/**
 * A copy of `value` with the `data` of every file source changed by `change` (`source` of an image or
 * document block, at any depth: tool results hold them too); the input is never modified, and parts
 * with no source are shared, not copied.
 */
function mapSources<T>(value: T, change: (source: Source) => string): T {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = mapSources(item, change);
      if (next !== item) (out ??= [...value])[i] = next;
    });
    return (out ?? value) as T;
  }
  if (!value || typeof value !== 'object') return value;
  const block = value as Record<string, unknown>;
  if (isFileBlock(block)) {
    const data = change(block.source);
    return (data === block.source.data ? value : { ...block, source: { ...block.source, data } }) as T;
  }
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(block)) {
    const next = mapSources(block[key], change);
    if (next !== block[key]) (out ??= { ...block })[key] = next;
  }
  return (out ?? value) as T;
}

/** An image or document block whose source is a file's data: where a reference goes. */
function isFileBlock(block: Record<string, unknown>): block is Record<string, unknown> & { source: Source } {
  return (block.type === 'image' || block.type === 'document') && isFileSource(block.source);
}

function isFileSource(source: unknown): source is Source {
  const s = source as Partial<Source> | null | undefined;
  return typeof s?.data === 'string' && (s.type === 'base64' || s.type === 'text');
}
