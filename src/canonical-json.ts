import { hash } from 'node:crypto';
import { keyedBlock } from './attachment-ref.ts';

/** JSON with object keys sorted at every depth: the same request always serialises the same way. */
export function canonicalJson(value: unknown, indent?: number): string {
  if (indent !== undefined) return JSON.stringify(sortKeys(value), null, indent);
  // Written as it walks, with no sorted copy to build and collect: replay keys every request.
  return sortedJson(value, false) as string;
}

/**
 * Keys in the order the object sortKeys builds enumerates them: an object lists integer keys ("5")
 * first, in numeric order, whatever order they were added in, then the others as added (sorted).
 */
function sortedKeys(value: object): string[] {
  const keys = ownKeysSorted(value);
  if (!keys.some(isIndex)) return keys;
  return [...keys.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))];
}

/**
 * Object.keys(value).sort(), the keys compared as sort() compares them (UTF-16 code units). An
 * insertion sort in place for the few keys an object usually has: sort() allocates a work array on
 * every call, and canonical JSON sorts the keys of every object of every request, suite and result.
 */
function ownKeysSorted(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 24) return keys.sort();
  insertionSort(keys);
  return keys;
}

function insertionSort(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
}

function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * JSON.stringify(sortKeys(value)), undefined where that skips the value (undefined, a function, a
 * symbol); `keyed`: with attached files' blocks as the key reads them (keyedBlock), in the same walk.
 */
function sortedJson(value: unknown, keyed: boolean): string | undefined {
  // Strings and numbers written here, not by JSON.stringify: a call per value costs more than the value.
  if (typeof value === 'string') return quotedString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? '' + value : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (value === undefined) return undefined;
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // Parts joined once: a string grown item by item over a long list costs more than linear time.
    const parts: string[] = [];
    for (const item of value) parts.push(sortedJson(item, keyed) ?? 'null');
    return '[' + parts.join(',') + ']';
  }
  const block = keyed ? keyedBlock(value) : undefined;
  if (block) return sortedJson(block, false);
  let keys = ownKeysSorted(value);
  // Only a key starting with a digit can be an index (isIndex): the common object needs no second
  // pass. Sorted, the keys that may start with one come first, so the look ends at the first after "9".
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c > 57) break;
    if (c >= 48) {
      keys = sortedKeys(value);
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = sortedJson((value as Record<string, unknown>)[k], keyed);
    if (v === undefined) continue;
    out += (first ? '' : ',') + quotedKey(k) + ':' + v;
    first = false;
  }
  return out + '}';
}

/** What JSON.stringify escapes in a string: control characters, `"`, `\\` and (unpaired) surrogates. */
// oxlint-disable-next-line no-control-regex -- control characters are what JSON escapes
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** JSON.stringify(text): a string with nothing to escape (most are) is only quoted. */
function quotedString(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/** JSON.stringify(key), remembered: requests and suites repeat a few key names many times. */
const quoted = new Map<string, string>();
function quotedKey(key: string): string {
  let q = quoted.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quoted.size < 10_000) quoted.set(key, q);
  }
  return q;
}

/**
 * `value` with object keys sorted at every depth, undefined values left out. What is so already (a
 * results file read back by merge or report) is returned as it is, not copied; the rest is a copy.
 */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const sorted = sortKeys(v);
      if (sorted !== v) (out ??= value.slice())[i] = sorted;
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object') return sortedObject(value as Record<string, unknown>) as T;
  return value;
}

/**
 * An object as sortKeys returns it. Its keys are walked with for-in, which lists a plain object's own
 * keys in Object.keys' order without building the array: a results file read back by merge is sorted
 * at every depth, and that array for every nested object was a third of the time. At the first key
 * out of place, undefined value or changed value, it is copied.
 */
function sortedObject(object: Record<string, unknown>): Record<string, unknown> {
  if (Object.getPrototypeOf(object) !== Object.prototype) return sortedCopy(object);
  let previous: string | undefined;
  for (const key in object) {
    const v = object[key];
    if (v === undefined || (previous !== undefined && previous > key)) return sortedCopy(object);
    const sorted = sortKeys(v);
    if (sorted !== v) return sortedCopy(object, key, sorted);
    previous = key;
  }
  return object;
}

/**
 * A sorted copy: a plain object, which JSON.stringify writes much faster than one without a
 * prototype. The value at `changedKey` was sorted already, so it is not sorted twice: a chain of
 * copied objects would double at every level.
 */
function sortedCopy(object: Record<string, unknown>, changedKey?: string, changed?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ownKeysSorted(object)) {
    const v = object[key];
    if (v !== undefined) setKey(out, key, key === changedKey ? changed : sortKeys(v));
  }
  return out;
}

/** A key named __proto__ (a tool's schema may have one) is defined, so it stays a key rather than setting the prototype. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * The cassette key: a hash of the canonical request, so any change to what is sent is seen. An
 * attached file counts by its hash and size (attachment-ref.ts), so the request with the bytes and
 * the one a cassette stores have the same key.
 */
export function requestKey(request: unknown): string {
  return hash('sha256', sortedJson(request, true) as string, 'hex').slice(0, 24);
}
