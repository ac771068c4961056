/**
 * Recorded answers (promptgate cassettes) served to an app's own tests: one file always, or a
 * folder where each request gets the cassette recorded for exactly that request.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { readCassetteSync, type Cassette } from '../cassette/cassette.ts';
import { requestKey } from '../canonical-json.ts';
import { attachmentNamesIn, withAttachmentRefs, type AttachmentNames } from '../attachment-ref.ts';
import { isFresh, staleDiff } from '../cassette/freshness.ts';

export interface LoadedCassette {
  file: string;
  cassette: Cassette;
}

/**
 * Read when the handler is made, not when a request comes: a wrong path fails the test's setup
 * with the path in the message instead of a confusing error from the app.
 */
export function loadCassettes(target: string): LoadedCassette[] {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new Error(`promptgate/msw: no cassette file or folder at ${path.resolve(target)}`);
  }
  const files = isDir
    ? readdirSync(target, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  const loaded = files.map((file) => ({ file, cassette: readOrThrow(file) }));
  if (isDir && loaded.length === 0) throw new Error(`promptgate/msw: no cassettes (*.json) under ${path.resolve(target)}`);
  return loaded;
}

function readOrThrow(file: string): Cassette {
  let cassette: Cassette | undefined;
  try {
    cassette = readCassetteSync(file);
  } catch (e) {
    throw new Error(`promptgate/msw: cannot read cassette ${file}: ${(e as Error).message}`);
  }
  // Listed a moment ago, so only a file deleted since (or a dangling link) gets here.
  if (!cassette) throw new Error(`promptgate/msw: cannot read cassette ${file}: it is gone`);
  return cassette;
}

/**
 * The request as a cassette keys it: what the SDK sent, with `stream` only when it streams, and
 * attached files as references (attachment-ref.ts), named as `names` (the cassettes' own) name them.
 */
function cassetteRequest(params: Anthropic.MessageCreateParams, names: AttachmentNames = {}): Record<string, unknown> {
  const { stream, ...rest } = params;
  return withAttachmentRefs(stream ? { ...rest, stream: true } : rest, names);
}

/** The cassette recorded for this request, or why none fits (with the diff to the closest one). */
export function findCassette(loaded: LoadedCassette[], params: Anthropic.MessageCreateParams): LoadedCassette | { problem: string } {
  // The app's request has the bytes and no file names; the cassettes' names make the diff read as they do.
  const names = Object.assign({}, ...loaded.map((l) => attachmentNamesIn(l.cassette.request))) as Record<string, string>;
  const request = cassetteRequest(params, names);
  const key = requestKey(request);
  const hit = loaded.find((l) => isFresh(l.cassette, key));
  if (hit) return hit;
  const closest = loaded.map((l) => ({ l, diff: staleDiff(l.cassette, request) })).sort((a, b) => a.diff.split('\n').length - b.diff.split('\n').length)[0]!;
  const n = loaded.length;
  return {
    problem: `no cassette ${n === 1 ? `(${closest.l.file})` : `of ${n}`} was recorded for this request; closest is ${closest.l.file}, which differs:\n${indent(closest.diff)}`,
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
