import { createHash } from 'node:crypto';
import { keyedAttachments } from './attachment-ref.ts';

/** JSON with object keys sorted at every depth: the same request always serialises the same way. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    // A loop, not entries/filter/map/fromEntries: replay sorts every request it serves, and the
    // intermediate arrays were most of the cost. No prototype, so a key named __proto__ (a tool's
    // schema may have one) stays a key rather than becoming one.
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

/**
 * The cassette key: a hash of the canonical request, so any change to what is sent is seen. An
 * attached file counts by its hash and size (attachment-ref.ts), so the request with the bytes and
 * the one a cassette stores have the same key.
 */
export function requestKey(request: unknown): string {
  return createHash('sha256').update(canonicalJson(keyedAttachments(request))).digest('hex').slice(0, 24);
}
