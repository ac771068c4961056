import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { AssertionSpec, Suite } from './types.ts';

/**
 * Hash of what a suite asks, not where it is written (no path, line or column), so shards from other
 * checkouts merge and a moved comment changes nothing. Merge and compare tell suite versions apart by it.
 */
export function suiteDigest(suite: Pick<Suite, 'name' | 'cases' | 'digest'>): string {
  if (suite.digest !== undefined) return suite.digest;
  // cacheControlAdded only says what the request already shows: it leaves the digest as it was.
  // A tool loop is digested as written: its answers are functions, and its place is a place.
  const cases = suite.cases.map(({ loc, assert, cacheControlAdded: _added, toolLoop, ...c }) => ({
    ...c,
    assert: assert.map(unplaced),
    ...(toolLoop ? { toolLoop: toolLoop.written } : {}),
  }));
  return createHash('sha256')
    .update(canonicalJson({ name: suite.name, cases }))
    .digest('hex')
    .slice(0, 16);
}

function unplaced({ loc, ...spec }: AssertionSpec): unknown {
  return spec.name === 'not' ? { ...spec, args: unplaced(spec.args as AssertionSpec) } : spec;
}

/**
 * The digest of a suite loaded for one shard (LoadOptions.shard): every shard resolves other cases,
 * so it hashes the suite file as written, which every shard of one checkout reads alike.
 */
export function rawDigest(raw: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(['as-written', raw]))
    .digest('hex')
    .slice(0, 16);
}
