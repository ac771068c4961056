import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { AssertionSpec, Case, Suite } from './types.ts';

/**
 * Hash of what a suite asks, not where it is written (no path, line or column), so runs from other
 * checkouts compare and a moved comment changes nothing. Merge and compare tell suite versions apart
 * by it. A suite loaded for one shard carries the digest of its file's text instead (rawDigest).
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

/** How a shard's digest starts: it hashes the suite file's text, a whole run's the resolved cases. */
const TEXT_DIGEST = 'text:';

/**
 * The digest of a suite loaded for one shard (LoadOptions.shard): a shard resolves only its own
 * cases, so it hashes the suite file as written, which every shard of one checkout reads alike (line
 * ends aside: a Windows checkout may hold CRLF). The text, not its parsed values: hashing 10k cases'
 * canonical JSON took ~0.1 s of every shard's fixed cost (bench/all.ts), hashing the text ~3 ms.
 */
export function rawDigest(source: string): string {
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return TEXT_DIGEST + createHash('sha256').update('as-written\n').update(text).digest('hex').slice(0, 16);
}

/**
 * Whether two digests of a suite tell whether it changed: only two taken the same way do. A merged
 * sharded run and an unsharded one differ in every digest, the suite edited or not.
 */
export function digestsComparable(a: string, b: string): boolean {
  return a.startsWith(TEXT_DIGEST) === b.startsWith(TEXT_DIGEST);
}
