/** custom_id for a batch entry: stable across runs, readable when it can be, always within the API's rules. */
import { createHash } from 'node:crypto';
import type { CallId } from '../cassette/cassette.ts';

/** The API's rule for custom_id: 1-64 characters of [a-zA-Z0-9_-]. */
export const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX = 64;
const HASH_CHARS = 12;

/**
 * `<suite>__<case>__r<repeat>[__g<index>][__c<continuation>]`. When the suite or case id holds other characters, or the
 * whole is too long, the name part is cut and a hash of the exact ids keeps it distinct; the
 * repeat/grader tail is kept whole so a reader of the batch can still tell the calls apart.
 */
export function customIdOf(id: CallId): string {
  const tail = `__r${id.repeat}${id.role === 'grader' ? `__g${id.index}` : ''}${id.continuation ? `__c${id.continuation}` : ''}`;
  const name = `${id.suite}__${id.caseId}`;
  const safe = name.replace(/[^a-zA-Z0-9_-]/g, '-');
  if (safe === name && name.length + tail.length <= MAX) return name + tail;
  const hash = createHash('sha256')
    .update(JSON.stringify([id.suite, id.caseId]))
    .digest('hex')
    .slice(0, HASH_CHARS);
  return `${safe.slice(0, MAX - tail.length - HASH_CHARS - 1)}-${hash}${tail}`;
}

/**
 * The ids a batch's calls go by. Two calls can share an id only when two suite files share a suite
 * name and case id (or `__` inside ids lines up); the later one gets an ordinal so neither is lost.
 */
export function assignCustomIds<T extends { call: CallId }>(items: T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) {
    const base = customIdOf(item.call);
    let id = base;
    for (let n = 2; byId.has(id); n++) id = `${base.slice(0, MAX - String(n).length - 1)}-${n}`;
    byId.set(id, item);
  }
  return byId;
}
