/**
 * Batch: live calls through the Message Batches API, at half price. Calls are queued and sent
 * together once none has arrived for a moment, so the runner stays blind to batching: the case
 * calls of a run form one batch, and the grader calls that follow their answers form the next.
 */
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import { assignCustomIds } from './batch-custom-id.ts';
import { ABORTED, failAll, PendingCall } from './batch-pending.ts';
import { runBatch } from './batch-run.ts';
import { CallError, type Call, type CallResponse, type Transport } from './types.ts';

export interface BatchOptions {
  apiKey: string;
  baseURL?: string;
  /** The longest wait between status polls (the first comes after 1 s, then each wait doubles). Default 5 s. */
  pollIntervalMs?: number;
  /** From a batch's creation; past it the batch is canceled and its calls fail as `deadline`. Default 24 h. */
  deadlineMs?: number;
  /** Requests per batch; more go to another batch. Default 100,000 (the API's limit). */
  maxBatchRequests?: number;
  /** Bytes of a create request; more go to another batch. Default 256 MB (the API's limit). */
  maxBatchBytes?: number;
  /** Send once no call has arrived for this long. Default 100 ms. */
  flushAfterMs?: number;
  /** On creation and whenever a poll shows a new status or new counts. */
  onProgress?: (batch: Anthropic.Messages.MessageBatch) => void;
  /** For tests and proxies; default the global fetch. */
  fetch?: ClientOptions['fetch'];
}

const BATCH_LIMITS = { requests: 100_000, bytes: 256_000_000 } as const;
/** `{"requests":[` and `]}` around the entries. */
const ENVELOPE = 16;
/** A steady trickle of calls must not hold the queue forever: send after this many quiet periods at most. */
const MAX_WAIT_PERIODS = 20;

export class BatchTransport implements Transport {
  readonly mode = 'batch' as const;
  private readonly client: Anthropic;
  private readonly pollIntervalMs: number;
  private readonly deadlineMs: number;
  private readonly maxRequests: number;
  private readonly maxBytes: number;
  private readonly flushAfterMs: number;
  private readonly onProgress: BatchOptions['onProgress'];
  private queue: PendingCall[] = [];
  private queueBytes = ENVELOPE;
  private oldest = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Each sent batch's run, and the switch that stops it when nobody waits for it any more. */
  private readonly running = new Map<Promise<void>, AbortController>();
  private closed = false;

  constructor(options: BatchOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 5_000);
    this.deadlineMs = options.deadlineMs ?? 24 * 60 * 60 * 1000;
    this.maxRequests = Math.max(1, Math.min(options.maxBatchRequests ?? BATCH_LIMITS.requests, BATCH_LIMITS.requests));
    this.maxBytes = Math.min(options.maxBatchBytes ?? BATCH_LIMITS.bytes, BATCH_LIMITS.bytes);
    this.flushAfterMs = Math.max(0, options.flushAfterMs ?? 100);
    this.onProgress = options.onProgress;
  }

  send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    if (signal.aborted) return Promise.reject(new CallError(ABORTED));
    if (this.closed) return Promise.reject(new CallError({ type: 'closed', message: 'the batch transport was closed' }));
    const pending = new PendingCall(call);
    if (ENVELOPE + pending.bytes > this.maxBytes) {
      const message = `request is ${pending.bytes} bytes, more than a batch may hold (${this.maxBytes}); run this case with --live`;
      return Promise.reject(new CallError({ type: 'request_too_large', message }));
    }
    // A batch is created under one anthropic-version, which holds for every request in it, so
    // calls pinned to another version go to a batch of their own.
    if (this.queueBytes + pending.bytes > this.maxBytes || (this.queue.length > 0 && this.queue[0]!.call.apiVersion !== call.apiVersion)) this.flush();
    pending.watch(signal, () => this.abandon(pending));
    if (this.queue.length === 0) this.oldest = performance.now();
    this.queue.push(pending);
    this.queueBytes += pending.bytes;
    if (this.queue.length >= this.maxRequests) this.flush();
    else this.debounce();
    return pending.promise;
  }

  /** Fails what is still queued and cancels batches still running (an interrupted run), then waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    failAll(this.queue, ABORTED);
    this.queue = [];
    for (const stop of this.running.values()) stop.abort();
    await Promise.allSettled(this.running.keys());
  }

  private debounce(): void {
    clearTimeout(this.timer);
    const left = this.flushAfterMs * MAX_WAIT_PERIODS - (performance.now() - this.oldest);
    this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.flushAfterMs, left)));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const calls = assignCustomIds(this.queue);
    this.queue = [];
    this.queueBytes = ENVELOPE;
    if (calls.size === 0) return;
    const stop = new AbortController();
    for (const p of calls.values()) p.batch = { calls, stop };
    const apiVersion = [...calls.values()][0]!.call.apiVersion;
    const options = { client: this.client, pollIntervalMs: this.pollIntervalMs, deadlineMs: this.deadlineMs, onProgress: this.onProgress, apiVersion };
    // runBatch settles every call with what the API said; it rejects only on a bug, which must not pass for an API error.
    const run: Promise<void> = runBatch(calls, options, stop.signal)
      .catch((error: unknown) => {
        for (const p of calls.values()) p.crash(error);
      })
      .finally(() => this.running.delete(run));
    this.running.set(run, stop);
  }

  /** An aborted call leaves the queue; a sent batch whose calls were all aborted is stopped (and canceled). */
  private abandon(pending: PendingCall): void {
    const at = this.queue.indexOf(pending);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.queueBytes -= pending.bytes;
      if (this.queue.length === 0) clearTimeout(this.timer);
      return;
    }
    if (pending.batch && [...pending.batch.calls.values()].every((p) => p.settled)) pending.batch.stop.abort();
  }
}
