/**
 * Whether a cassette still answers a request. Replay and the MSW kit both decide here.
 *
 * The stored key alone is not trusted: a cassette is a file in the repo that people edit (a prompt
 * typo fixed in the JSON instead of the suite, a merge resolved by hand). An edited `request`
 * under its old key would replay an answer to a request nobody recorded; an edited `key` would
 * hide a changed request. So the key must be the hash of the stored request as well as of the
 * request now. Hashing the stored request again is small beside a replayed call.
 */
import { requestKey } from '../canonical-json.ts';
import { REDACTED } from '../redact.ts';
import type { Cassette } from './cassette.ts';
import { diffRequests, type TextSource } from './diff.ts';

/**
 * `key` is the requestKey of the request being made now; `apiVersion` the `anthropic-version` it
 * would be sent with, when the caller knows it. With `request`, the one `key` hashes (as a cassette
 * stores it): a stored request equal to it needs no hash of its own, since equal requests have equal keys.
 */
export function isFresh(cassette: Cassette, key: string, apiVersion?: string, request?: unknown): boolean {
  if (cassette.key !== key || versionChanged(cassette, apiVersion)) return false;
  return (request !== undefined && (sameJson(cassette.request, request) || sameAsWritten(cassette, request))) || keyOfStoredRequest(cassette) === key;
}

/**
 * Whether the stored request is `request` as writing a recording redacted it: a suite whose prompt
 * holds key-shaped text (an example key a check looks for) is stored with [redacted] in its place,
 * and read back it must still be that request. Each [redacted] stands for the text it hid, whatever
 * this run's environment would redact; the key, already equal, pins the rest. Asked only when the
 * plain comparison failed.
 */
function sameAsWritten(cassette: Cassette, request: unknown): boolean {
  return JSON.stringify(cassette.request)?.includes(REDACTED) === true && sameJson(cassette.request, request, true);
}

/** `now` with each string that a stored string holding [redacted] could have hidden given as stored; the rest as it is. */
function asStored(stored: unknown, now: unknown): unknown {
  if (typeof stored === 'string' && typeof now === 'string') return stored.includes(REDACTED) && redactedFrom(stored, now) ? stored : now;
  if (stored === null || now === null || typeof stored !== 'object' || typeof now !== 'object') return now;
  if (Array.isArray(now)) return Array.isArray(stored) ? now.map((v, i) => asStored(stored[i], v)) : now;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(now))
    Object.defineProperty(out, k, { value: asStored((stored as Record<string, unknown>)[k], v), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Whether `text` is `stored` (which holds [redacted]) with each [redacted] standing for some text: leftmost matches, each gap one character or more. */
function redactedFrom(stored: string, text: string): boolean {
  const parts = stored.split(REDACTED);
  const [first, last] = [parts[0]!, parts.at(-1)!];
  if (!text.startsWith(first)) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at + 1);
    if (found < 0) return false;
    at = found + part.length;
  }
  return text.length - last.length > at && text.endsWith(last);
}

/**
 * Equal as JSON values, key order aside; strict, so a value JSON would drop (undefined) counts as a
 * difference. `redacted`: a string of `a` holding [redacted] matches a string of `b` it could have hidden.
 */
function sameJson(a: unknown, b: unknown, redacted = false): boolean {
  if (a === b) return true;
  if (redacted && typeof a === 'string' && typeof b === 'string') return a.includes(REDACTED) && redactedFrom(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  // Loops, not every(): replay compares every request it serves.
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], redacted)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], redacted)) return false;
  return true;
}

/**
 * What differs between the recording and the request now, a line a change, for stale-recording
 * errors; `sources` say which of the request's text came from files, so the diff can name them.
 */
export function staleDiff(cassette: Cassette, request: Record<string, unknown>, apiVersion?: string, sources?: TextSource[]): string {
  const version = versionChanged(cassette, apiVersion) ? [`~ anthropic-version: ${cassette.api_version} → ${apiVersion}`] : [];
  // A string the recording holds redacted, which the request still matches, is no change: it reads as stored.
  const diff = diffRequests(cassette.request, asStored(cassette.request, request) as Record<string, unknown>, undefined, sources);
  if (diff || version.length) return [...version, ...(diff ? [diff] : [])].join('\n');
  // The stored request is the one made now, so it is the stored key that was edited.
  return `~ key: ${JSON.stringify(cassette.key)} is not the hash of the stored request (${keyOfStoredRequest(cassette)})`;
}

/** Undefined for a cassette with no request at all, which answers nothing. */
function keyOfStoredRequest(cassette: Cassette): string | undefined {
  return cassette.request === undefined ? undefined : requestKey(cassette.request);
}

/**
 * Another version may answer the same body differently (or refuse it), so a recording made under
 * one is stale under another; a cassette that does not say (recorded before the field) still replays.
 */
function versionChanged(cassette: Cassette, apiVersion: string | undefined): boolean {
  return apiVersion !== undefined && cassette.api_version !== undefined && cassette.api_version !== apiVersion;
}
