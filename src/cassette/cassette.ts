/**
 * Cassettes: one JSON file per call under fixtures/<suite>/, holding the normalised request,
 * the response (message JSON or SSE events), usage and latency. No headers (only the API version
 * sent, `api_version`), no key: nothing secret is ever written. Pretty-printed with sorted keys
 * so prompt changes read well in review.
 */
import { constants } from 'node:buffer';
import path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { writeFileAtomic } from '../fs/atomic.ts';
import { readFileBytesSync } from '../read-bytes.ts';
import { MAX_JSON_DEPTH, parseJsonText } from '../json-text.ts';
import { sortKeys } from '../canonical-json.ts';
import { redact } from '../redact.ts';
import { cassetteProblems } from './cassette-shape.ts';
import { fileStem } from './file-name.ts';

export const CASSETTE_VERSION = 1;

/** As long as the longest string V8 holds: JSON.stringify cannot write a longer cassette. */
const MAX_CASSETTE_BYTES = constants.MAX_STRING_LENGTH;

export interface Cassette {
  promptgate_cassette: typeof CASSETTE_VERSION;
  /** Hash of the canonical request: a mismatch means the recording is stale. */
  key: string;
  call: string;
  recorded_at: string;
  request: Record<string, unknown>;
  response: { message: Anthropic.Message; events?: Anthropic.RawMessageStreamEvent[] };
  latency_ms: number;
  request_id?: string;
  /**
   * `simulator`: answered by a stand-in for the API (the project's examples are recorded against the
   * test simulator), so its usage is an estimate (characters / 4, no tool-use overhead), not the
   * API's count. Absent: recorded from whatever the client called, normally the API.
   */
  source?: 'simulator';
  /**
   * The `anthropic-version` header the recording was made with. Absent in cassettes recorded before
   * promptgate sent one: those keep replaying (freshness.ts).
   */
  api_version?: string;
}

export interface CallId {
  suite: string;
  caseId: string;
  /** 1-based. */
  repeat: number;
  role: 'case' | 'grader';
  /** Which grading call of the sample, 1-based. */
  index: number;
  /** The model, when the case runs under one other than its own (runner/model-matrix.ts): its recordings are its own. */
  model?: string;
  /** Which step after the first (runner/turn.ts): a paused turn's continuation or a tool loop's next request, one count over both, 1-based; absent for the first call. */
  continuation?: number;
}

/**
 * `<suite>/<case>.json`, `<case>.r2.json`, `<case>.grade-1.json`, `<case>.cont-1.json` (a paused
 * turn's continuation): the first repeat keeps its name when repeats grow. Names go through
 * fileStem, so none reaches outside its folder or ends like these suffixes. Another model than the
 * case's own records to `<case>@<model>…`: no stem holds `@` (model-matrix.ts).
 */
export function cassetteFile(fixturesDir: string, id: CallId): string {
  const model = id.model !== undefined ? `@${fileStem(id.model)}` : '';
  const repeat = id.repeat > 1 ? `.r${id.repeat}` : '';
  const grader = id.role === 'grader' ? `.grade-${id.index}` : '';
  const continuation = id.continuation ? `.cont-${id.continuation}` : '';
  return path.join(fixturesDir, fileStem(id.suite), `${fileStem(id.caseId)}${model}${repeat}${grader}${continuation}.json`);
}

export function callLabel(id: CallId): string {
  const model = id.model !== undefined ? ` [${id.model}]` : '';
  const continuation = id.continuation ? ` (continuation ${id.continuation})` : '';
  return `${id.suite}/${id.caseId}${model}${id.repeat > 1 ? ` #${id.repeat}` : ''}${id.role === 'grader' ? ` (grader ${id.index})` : ''}${continuation}`;
}

/**
 * The cassette at `file`, or undefined when there is none. A file that is there but is no
 * cassette this version reads, or whose recording is malformed (cassette-shape.ts), throws, saying
 * why; callers name the file their own way. Replay and the MSW kit (`claude.cassette`) both read
 * through here.
 *
 * Synchronous on purpose: a cassette is a few KB, and the async read's four thread-pool hops
 * cost many times the read itself, most of a replayed call (bench/all.ts measures replay).
 */
export function readCassetteSync(file: string): Cassette | undefined {
  // The guards every reader shares: a pipe or a device in fixtures/ is refused, not waited on or read forever.
  const read = readFileBytesSync(file, MAX_CASSETTE_BYTES, 'a cassette', (size) => `${size} bytes is more than a cassette may hold (${MAX_CASSETTE_BYTES})`);
  if ('problem' in read) {
    // Not there: no file, or a file where one of its folders should be (recording it says why not).
    if (read.code === 'ENOENT' || read.code === 'ENOTDIR') return undefined;
    // A system's refusal (its code as the cause): replay.ts errors it in every mode, record would not fix it.
    throw new Error(read.problem.replace(/^cannot read: (.*)$/, 'cannot be read ($1)'), { cause: { code: read.code ?? 'ENOTFILE' } });
  }
  const text = read.bytes.toString('utf8');
  const json = parseJsonText(text, MAX_JSON_DEPTH);
  if ('deep' in json) throw new Error(`nested more than ${MAX_JSON_DEPTH} levels deep at line ${json.deep.line}, column ${json.deep.col}`);
  if ('invalid' in json) throw new Error(`not valid JSON (${json.invalid.message})`, { cause: json.invalid });
  const data = json.value as Partial<Cassette> | null;
  if (data?.promptgate_cassette !== CASSETTE_VERSION) throw new Error(`not a promptgate cassette (version ${CASSETTE_VERSION})`);
  const problems = cassetteProblems(data as Record<string, unknown>);
  if (problems.length) throw new Error(`malformed cassette: ${problems.join('; ')}`);
  return data as Cassette;
}

export async function readCassette(file: string): Promise<Cassette | undefined> {
  return readCassetteSync(file);
}

export async function writeCassette(file: string, cassette: Cassette): Promise<void> {
  const { promptgate_cassette, key, call, recorded_at, latency_ms, request_id, source, api_version } = cassette;
  // Fixed order for the header fields a reviewer reads first; sorted keys below.
  const ordered = {
    promptgate_cassette,
    key,
    call,
    recorded_at,
    source,
    api_version,
    latency_ms,
    request_id,
    request: sortKeys(cassette.request),
    response: sortKeys(cassette.response.events ? { ...cassette.response, events: wholeWhereSecret(cassette.response.events) } : cassette.response),
  };
  await writeFileAtomic(file, JSON.stringify(ordered, null, 2) + '\n', { replaceLink: true });
}

/** The delta fields a streamed block's text comes in. */
const DELTA_TEXT = ['text', 'partial_json', 'thinking'] as const;

/**
 * A stream's events, with each block whose text holds a secret given in one text delta. The file is
 * redacted as a whole when written, but a key streamed a few characters a delta has no slice long
 * enough in any one delta to be found, and replay would join it back whole. Only such a block's text
 * deltas are joined (into its first); its other deltas (a thinking block's signature, citations) and
 * every other block stay as they came.
 */
function wholeWhereSecret(events: Anthropic.RawMessageStreamEvent[]): Anthropic.RawMessageStreamEvent[] {
  const joined = new Map<number, string>();
  for (const e of events) {
    if (e.type !== 'content_block_delta') continue;
    const text = deltaText(e.delta);
    if (text !== undefined) joined.set(e.index, (joined.get(e.index) ?? '') + text);
  }
  const secret = new Set([...joined].filter(([, text]) => redact(text) !== text).map(([index]) => index));
  if (secret.size === 0) return events;
  const first = new Set<number>();
  return events.flatMap((e) => {
    if (e.type !== 'content_block_delta' || !secret.has(e.index) || deltaText(e.delta) === undefined) return [e];
    if (first.has(e.index)) return [];
    first.add(e.index);
    const field = DELTA_TEXT.find((f) => f in e.delta)!;
    return [{ ...e, delta: { ...e.delta, [field]: joined.get(e.index)! } } as Anthropic.RawMessageStreamEvent];
  });
}

/** A delta's text, where it carries some (text, a tool's input JSON, thinking); undefined for a signature or citation. */
function deltaText(delta: Anthropic.RawContentBlockDelta): string | undefined {
  const field = DELTA_TEXT.find((f) => f in delta);
  return field ? String((delta as unknown as Record<string, unknown>)[field]) : undefined;
}
