/**
 * Replay: cassettes served by MSW handlers to the real SDK through its `fetch` option
 * (msw's getResponse: no global interception, no network).
 */
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { getResponse, http, type RequestHandler } from 'msw';
import { callLabel, cassetteFile, readCassetteSync, type Cassette } from '../cassette/cassette.ts';
import { DEFAULT_FIXTURES } from '../cassette/file-name.ts';
import { requestKey } from '../canonical-json.ts';
import { withAttachmentRefs } from '../attachment-ref.ts';
import { isFresh, staleDiff } from '../cassette/freshness.ts';
import { errorResponse, messageResponse, sseResponse } from '../msw/responses.ts';
import { sdkCall } from './sdk-call.ts';
import { CallError, type Call, type CallResponse, type Transport } from './types.ts';
import { shellWord } from '../format/shell-word.ts';
import { inRunDir } from '../run-dir.ts';
import { apiVersionOfSdk } from '../models/api-version.ts';

const CASSETTE_HEADER = 'x-promptgate-cassette';

/** What a call would send, as a cassette stores and keys it: attached files as references (attachment-ref.ts). */
export function normalizedRequest(call: Call): Record<string, unknown> {
  return withAttachmentRefs({ ...call.params, ...(call.stream ? { stream: true } : {}) }, call.attachments);
}

export interface Lookup {
  file: string;
  request: Record<string, unknown>;
  key: string;
  cassette?: Cassette | undefined;
  /**
   * Why the file at `file` is no cassette this version reads (not JSON, another version, a bad
   * shape): replay errors on it, naming the file; record rewrites it.
   */
  unreadable?: string | undefined;
  fresh: boolean;
}

/** The SDK client replay calls through, answered in-process by msw's `handlers`; no network. */
export function replayClient(handlers: RequestHandler[]): Anthropic {
  return new Anthropic({
    apiKey: 'replay-needs-no-key',
    baseURL: 'http://replay.promptgate.invalid',
    maxRetries: 0,
    // A replayed call is not an API call: no OpenTelemetry span or trace headers for it in the
    // user's telemetry (and none to build, a measurable share of a large replay).
    openTelemetry: false,
    // The handlers see the method, URL and headers the SDK sent, not the body or the abort signal.
    // The body was keyed and checked against the cassette before the call, and msw clones a
    // request for every handler it runs; a signal links a new one to the Request each call
    // (WeakRefs, a FinalizationRegistry entry), and a replayed answer is there at once anyway.
    // Both are a measurable share of a large replay's CPU (bench/sdk-floor.ts times this client).
    fetch: async (input, init) =>
      (await getResponse(handlers, new Request(input, { method: init?.method ?? 'GET', headers: init?.headers ?? [] }))) ??
      errorResponse(404, 'not_found_error', 'promptgate replay serves only the Messages API'),
  });
}

export class ReplayTransport implements Transport {
  readonly mode = 'replay' as const;
  readonly fixturesDir: string;
  private readonly serving = new Map<string, Cassette>();
  private readonly client: Anthropic;

  constructor(fixturesDir: string) {
    this.fixturesDir = fixturesDir;
    const handlers: RequestHandler[] = [
      http.post('*/v1/messages', ({ request }) => {
        const cassette = this.serving.get(request.headers.get(CASSETTE_HEADER) ?? '');
        if (!cassette) return errorResponse(404, 'not_found_error', 'promptgate replay: no cassette is being served for this request');
        const { message, events } = cassette.response;
        return events ? sseResponse(events, cassette.request_id) : messageResponse(message, cassette.request_id);
      }),
    ];
    this.client = replayClient(handlers);
  }

  async lookup(call: Call): Promise<Lookup> {
    const file = cassetteFile(this.fixturesDir, call);
    const request = normalizedRequest(call);
    const key = requestKey(request);
    try {
      const cassette = readCassetteSync(file);
      return { file, request, key, cassette, fresh: cassette ? isFresh(cassette, key, call.apiVersion, request) : false };
    } catch (e) {
      // A file the system will not read (EACCES, EISDIR; the reader keeps the system's error as
      // the cause) errors in every mode: record could not write it either. Only what is in a
      // file is repairable.
      // Said before anything is sent, so it costs nothing in a mode that pays; recording again as it
      // is would hit the same wall, so the hint says to move it first.
      if (isSystemError((e as Error).cause))
        throw new CallError({
          type: 'bad_recording',
          message: `${file}: ${(e as Error).message}`,
          hint: `remove it or make it a readable file, then ${recordHint(call, this.fixturesDir)}`,
          notSent: true,
        });
      return { file, request, key, unreadable: (e as Error).message, fresh: false };
    }
  }

  async send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    const found = await this.lookup(call);
    if (found.unreadable !== undefined) {
      throw new CallError({ type: 'bad_recording', message: `${found.file}: ${found.unreadable}`, hint: recordHint(call, this.fixturesDir) });
    }
    if (!found.cassette) {
      throw new CallError({
        type: 'missing_recording',
        message: `no recording for ${callLabel(call)} (${found.file})`,
        hint: recordHint(call, this.fixturesDir),
      });
    }
    if (!found.fresh) {
      throw new CallError({
        type: 'stale_recording',
        message: `stale recording for ${callLabel(call)}: the request changed since it was recorded (${found.cassette.recorded_at})`,
        diff: staleDiff(found.cassette, found.request, call.apiVersion, call.sources),
        hint: recordHint(call, this.fixturesDir),
      });
    }
    return this.serve(call, found.file, found.cassette, signal);
  }

  async serve(call: Call, file: string, cassette: Cassette, signal: AbortSignal): Promise<CallResponse> {
    this.serving.set(file, cassette);
    try {
      const { message } = await sdkCall(this.client, call, { headers: { [CASSETTE_HEADER]: file }, signal }, { replayed: true });
      const response: CallResponse = { message, latencyMs: cassette.latency_ms, requestId: cassette.request_id, cassette: file, replayed: true };
      // Set, not spread into the literal: V8 builds a literal with a spread among its fields several times slower, once a call.
      if (cassette.source) response.source = cassette.source;
      return response;
    } catch (e) {
      // Served in-process from a fresh recording, a call fails only on what the recording holds (a
      // stream cut short by a hand edit): a bad recording, named, not an API error to retry.
      if (e instanceof CallError && e.info.type !== 'aborted' && e.info.type !== 'timeout')
        throw new CallError({
          type: 'bad_recording',
          message: `${file}: the SDK cannot read its answer (${e.info.message})`,
          hint: recordHint(call, this.fixturesDir),
        });
      throw e;
    } finally {
      this.serving.delete(file);
    }
  }
}

function isSystemError(e: unknown): boolean {
  return typeof (e as NodeJS.ErrnoException | undefined)?.code === 'string';
}

/**
 * The command that refreshes one case's recordings, into the folder this run reads them from: a
 * command that recorded into ./fixtures would leave the run that printed it stale.
 */
export function recordHint(call: Call, fixturesDir: string): string {
  const flags: string[] = [];
  if (call.model !== undefined) flags.push(`--model ${shellWord(call.model)}`);
  // What else decides which recordings the run reads: every sample's, under the version it sent.
  if (call.samples !== undefined) flags.push(`--repeat ${call.samples}`);
  if (call.apiVersion !== undefined && call.apiVersion !== apiVersionOfSdk()) flags.push(`--api-version ${shellWord(call.apiVersion)}`);
  if (path.resolve(inRunDir(fixturesDir)) !== path.resolve(inRunDir(DEFAULT_FIXTURES))) flags.push(`--fixtures ${shellWord(slashed(fixturesDir))}`);
  return `re-record it: npx promptgate run ${shellWord(slashed(call.suiteFile))} --record --filter ${shellWord(call.caseId)}${flags.map((f) => ` ${f}`).join('')}`;
}

const slashed = (file: string) => file.split(path.sep).join('/');
