import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth: the same request always serialises the same way. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

/** The cassette key: a hash of the canonical request, so any change to what is sent is seen. */
export function requestKey(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex').slice(0, 24);
}
