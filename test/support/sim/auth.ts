import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthKind } from './types.ts';

/** How a request authenticates. The key is returned only so the caller can check it and drop it. */
export function readAuth(headers: IncomingHttpHeaders): { kind: AuthKind; key?: string } {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return { kind: 'x-api-key', key: apiKey.trim() };
  const bearer = /^Bearer\s+(\S.*)$/i.exec(headers.authorization ?? '');
  if (bearer) return { kind: 'bearer', key: bearer[1]!.trim() };
  return { kind: 'none' };
}

/** Keeps a digest, not the key, so nothing the simulator holds can leak it. */
export function keyChecker(expected: string | undefined): (key: string) => boolean {
  if (expected === undefined) return () => true;
  const want = digest(expected);
  return (key) => timingSafeEqual(digest(key), want);
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
