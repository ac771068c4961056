/**
 * Whether a cassette still answers a request. Replay and the MSW kit both decide here.
 *
 * The stored key alone is not trusted: people edit cassettes by hand, and an edited `request` under
 * its old key would replay an answer nobody recorded. So the key must be the hash of the stored
 * request as well as of the request now.
 */
import { requestKey } from '../canonical-json.ts';
import type { Cassette } from './cassette.ts';
import { diffRequests, type TextSource } from './diff.ts';

/**
 * `key` is the requestKey of the request being made now; `apiVersion` the `anthropic-version` it
 * would be sent with, when the caller knows it.
 */
export function isFresh(cassette: Cassette, key: string, apiVersion?: string): boolean {
  return cassette.key === key && keyOfStoredRequest(cassette) === key && !versionChanged(cassette, apiVersion);
}

/**
 * What differs between the recording and the request now, a line a change, for stale-recording
 * errors; `sources` say which of the request's text came from files, so the diff can name them.
 */
export function staleDiff(cassette: Cassette, request: Record<string, unknown>, apiVersion?: string, sources?: TextSource[]): string {
  const version = versionChanged(cassette, apiVersion) ? [`~ anthropic-version: ${cassette.api_version} → ${apiVersion}`] : [];
  const diff = diffRequests(cassette.request, request, undefined, sources);
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
