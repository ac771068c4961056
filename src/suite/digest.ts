import { createHash } from 'node:crypto';
import path from 'node:path';
import { canonicalJson } from '../canonical-json.ts';
import { readFileBytes } from '../read-bytes.ts';
import type { AssertionSpec, Case, Suite } from './types.ts';

/**
 * Hash of what a suite asks, not where it is written (no path, line or column), so runs from other
 * checkouts compare and a moved comment changes nothing. Merge and compare tell suite versions apart
 * by it. A suite loaded for one shard carries the digest of its file's text and of the files it names
 * instead (shardDigest).
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
 * Keys whose string values name a file beside the suite: a prompt file, a text block's file or a
 * dataset (`file`), an attachment (`image`, `document`), the app's code (`module`). A var that happens
 * to be called so is digested too: every shard digests it alike, which is all a shard digest needs.
 */
const NAMES_A_FILE = new Set(['file', 'image', 'document', 'module']);

/** Larger than any file a suite may name (an attachment may be 32 MB); a larger one is digested by its size. */
const MAX_NAMED_BYTES = 64 * 1024 * 1024;

/**
 * The digest of a suite loaded for one shard (LoadOptions.shard): a shard resolves only its own
 * cases, so it hashes what every shard of one checkout reads alike: the suite file as written (line
 * ends aside: a Windows checkout may hold CRLF) and the bytes of every file the suite names, which a
 * shard would otherwise read only for its own cases: two commits that differ in a prompt file differ
 * here too. The text, not its parsed values: hashing 10k cases' canonical JSON took ~0.1 s of every
 * shard's fixed cost (bench/all.ts), hashing the text ~3 ms. What a module imports is not read.
 */
export async function shardDigest(source: string, data: unknown, dir: string): Promise<string> {
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  const hash = createHash('sha256').update('as-written\n').update(text);
  const names = namedFiles(data);
  const digests = await Promise.all(names.map((name) => fileDigest(path.resolve(dir, name))));
  names.forEach((name, i) => hash.update(`\0${name}\0${digests[i]}`));
  return hash.digest('hex').slice(0, 16);
}

/** Every string held under a key that names a file (NAMES_A_FILE), anywhere in the suite's data, once each, sorted. */
function namedFiles(data: unknown): string[] {
  const names = new Set<string>();
  const stack: unknown[] = [data];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string') {
          if (NAMES_A_FILE.has(key)) names.add(value);
        } else stack.push(value);
      }
    }
  }
  return [...names].sort();
}

/** A named file's bytes, hashed; or why it cannot be read (the loader says so where a case reads it). */
async function fileDigest(file: string): Promise<string> {
  const read = await readFileBytes(file, MAX_NAMED_BYTES, 'a file a suite names', (size) => `${size} bytes`);
  return 'bytes' in read ? createHash('sha256').update(read.bytes).digest('hex') : `unread: ${read.code ?? read.problem}`;
}
