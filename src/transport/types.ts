import type Anthropic from '@anthropic-ai/sdk';
import type { AttachmentNames } from '../attachment-ref.ts';
import type { CallId } from '../cassette/cassette.ts';
import type { TextSource } from '../cassette/diff.ts';
import type { Mode, RunError } from '../run-result.ts';
import type { RateLimitState } from './retry-hint.ts';

/** One request the runner needs answered; transports never see suites or assertions. */
export interface Call extends CallId {
  suiteFile: string;
  params: Anthropic.MessageCreateParamsNonStreaming;
  stream: boolean;
  /**
   * The `anthropic-version` header to send (the case's: a pin, else the installed SDK's). Sent even
   * when it is the SDK's own, so what validate checked is what the API gets; recorded with the cassette.
   */
  apiVersion?: string | undefined;
  /** Which of the request's text came from files (prompt files): a stale-recording diff names them. */
  sources?: TextSource[] | undefined;
  /** The files the request attaches, by hash: a cassette's references name them (attachment-ref.ts). */
  attachments?: AttachmentNames | undefined;
  /** 1-based, set by the runner's retries; a live request says which retry it is (`x-stainless-retry-count`). */
  attempt?: number;
  /** How many samples the case runs, when more than one: the command that re-records it records them all. */
  samples?: number;
}

export interface CallResponse {
  message: Anthropic.Message;
  latencyMs: number;
  requestId?: string | undefined;
  cassette?: string | undefined;
  /** Answered from a recording, not sent: it costs nothing (SampleSpend). */
  replayed?: boolean | undefined;
  /** Replayed from a simulator-made recording (Cassette.source): its usage is an estimate. */
  source?: 'simulator' | undefined;
  /** The SSE events as received, when the call streamed (record keeps them). */
  events?: Anthropic.RawMessageStreamEvent[] | undefined;
  /** Answered through the Message Batches API (half price). */
  batch?: boolean | undefined;
  /** What the answer's `anthropic-ratelimit-*` headers said: the runner paces to it from the first answer on. */
  rateLimit?: RateLimitState | undefined;
  /** The answer of the recording this call overwrote (record) or bypassed as stale (`--live --changed`), so the run can show old against new. */
  previous?: Anthropic.Message | undefined;
  /**
   * Record: why the answer's recording could not be written (a read-only or full disk). The answer
   * came back, so it is counted as paid; the sample errors on it (sample.ts).
   */
  unrecorded?: string | undefined;
}

export interface Transport {
  readonly mode: Mode;
  send(call: Call, signal: AbortSignal): Promise<CallResponse>;
  close?(): Promise<void>;
}

/** A call that got no answer; `info` is what the result file keeps. */
export class CallError extends Error {
  readonly info: RunError;
  /** `cause` keeps the SDK's error (and its response headers) for whoever decides on retries. */
  constructor(info: RunError, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'CallError';
    this.info = info;
  }
}
