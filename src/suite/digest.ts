import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { AssertionSpec, Case, Suite } from './types.ts';

/**
 * Hash of what a suite asks, not where it is written (no path, line or column), so shards from other
 * checkouts merge and a moved comment changes nothing. Merge and compare tell suite versions apart by it.
 */
export function suiteDigest(suite: Pick<Suite, 'name' | 'cases' | 'digest'>): string {
  if (suite.digest !== undefined) return suite.digest;
  // The bytes of canonicalJson({ name, cases }), hashed a case at a time rather than built as one string.
  const hash = createHash('sha256').update('{"cases":[');
  suite.cases.forEach((c, i) => hash.update((i ? ',' : '') + canonicalJson(digested(c))));
  return hash
    .update('],"name":' + canonicalJson(suite.name) + '}')
    .digest('hex')
    .slice(0, 16);
}

/**
 * A case as the digest reads it: what it asks, without where it is written. What it leaves out is set
 * undefined, which canonical JSON skips: a copy is cheaper than a copy that leaves keys out.
 */
function digested(c: Case): unknown {
  // cacheControlAdded only says what the request already shows: it leaves the digest as it was.
  // A tool loop is digested as written: its answers are functions, and its place is a place.
  return { ...c, loc: undefined, cacheControlAdded: undefined, assert: c.assert.map(unplaced), toolLoop: c.toolLoop?.written };
}

function unplaced(spec: AssertionSpec): unknown {
  return { ...spec, loc: undefined, args: spec.name === 'not' ? unplaced(spec.args as AssertionSpec) : spec.args };
}

/**
 * The digest of a suite loaded for one shard (LoadOptions.shard): every shard resolves other cases,
 * so it hashes the suite file as written, which every shard of one checkout reads alike.
 */
export function rawDigest(raw: object): string {
  const { cases, ...rest } = raw as Record<string, unknown>;
  if (!Array.isArray(cases)) return hashed(createHash('sha256').update(canonicalJson(['as-written', raw])));
  // The bytes of canonicalJson(['as-written', raw]), a case at a time: the other keys sort around "cases".
  const before = canonicalJson(Object.fromEntries(Object.entries(rest).filter(([k]) => k < 'cases'))).slice(1, -1);
  const after = canonicalJson(Object.fromEntries(Object.entries(rest).filter(([k]) => k > 'cases'))).slice(1, -1);
  const hash = createHash('sha256').update(`["as-written",{${before}${before ? ',' : ''}"cases":[`);
  cases.forEach((c, i) => hash.update((i ? ',' : '') + canonicalJson(c)));
  return hashed(hash.update(`]${after ? ',' : ''}${after}}]`));
}

function hashed(hash: Hash): string {
  return hash.digest('hex').slice(0, 16);
}
