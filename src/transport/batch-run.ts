/** One Message Batch's life: create, poll to the end (or the deadline), read the results, settle each call. */
import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import type { RunError } from '../run-result.ts';
import { ABORTED, failAll, type PendingCall, type Settlement } from './batch-pending.ts';
import { progressChanged } from './batch-progress.ts';
import { runErrorOf } from './sdk-call.ts';
import { redact } from '../redact.ts';

type MessageBatch = Anthropic.Messages.MessageBatch;

export interface BatchRunOptions {
  client: Anthropic;
  /** The longest wait between polls. */
  pollIntervalMs: number;
  deadlineMs: number;
  onProgress?: ((batch: MessageBatch) => void) | undefined;
  /** The `anthropic-version` the batch is created under (every call in it has the same: batch.ts). */
  apiVersion?: string | undefined;
}

/** Polls that may fail in a row (each already retried by the SDK) before the batch is given up. */
const POLL_FAILURES = 3;

/**
 * The first poll's wait; each next one doubles, up to pollIntervalMs. A batch of a few cases often
 * ends within seconds, and a fixed interval made every such run wait the whole of it.
 */
const FIRST_POLL_MS = 1_000;

/**
 * Settles every call in `calls` before it returns. `stop` fires when nobody waits any more (every
 * call aborted, or the transport closed): an unfinished batch is then canceled so it is not paid for.
 */
export async function runBatch(calls: Map<string, PendingCall>, o: BatchRunOptions, stop: AbortSignal): Promise<void> {
  const requests = [...calls].map(([custom_id, p]) => ({ custom_id, params: p.params }));
  let batch: MessageBatch;
  try {
    // Not tied to `stop`: a create aborted mid-flight could leave a batch running that nobody can cancel.
    const headers = o.apiVersion !== undefined ? { headers: { 'anthropic-version': o.apiVersion } } : {};
    batch = await o.client.messages.batches.create({ requests }, headers);
  } catch (error) {
    return failAll(calls.values(), runErrorOf(error));
  }
  const started = performance.now();
  const deadlineAt = started + o.deadlineMs;
  let shown: MessageBatch | undefined;
  const progress = (b: MessageBatch) => {
    if (progressChanged(shown, b)) o.onProgress?.(b);
    shown = b;
  };
  progress(batch);

  let failures = 0;
  let wait = Math.min(FIRST_POLL_MS, o.pollIntervalMs);
  while (batch.processing_status !== 'ended') {
    const left = deadlineAt - performance.now();
    if (stop.aborted || left <= 0) {
      await cancelQuietly(o.client, batch.id);
      return failAll(calls.values(), stop.aborted ? ABORTED : deadlineError(batch, o.deadlineMs));
    }
    await sleep(Math.min(wait, left), undefined, { signal: stop }).catch(() => {});
    wait = Math.min(wait * 2, o.pollIntervalMs);
    if (stop.aborted) continue;
    try {
      batch = await o.client.messages.batches.retrieve(batch.id, {}, { signal: stop });
      failures = 0;
    } catch (error) {
      // After a failed poll, the whole interval: an outage of a few seconds must not use up the
      // failures allowed while the waits are still short.
      wait = o.pollIntervalMs;
      if (stop.aborted || ++failures < POLL_FAILURES) continue;
      await cancelQuietly(o.client, batch.id);
      const info = runErrorOf(error);
      return failAll(calls.values(), { ...info, message: `polling batch ${batch.id} failed ${POLL_FAILURES} times: ${info.message}` });
    }
    progress(batch);
  }
  if (stop.aborted) return failAll(calls.values(), ABORTED);

  const latencyMs = batchLatencyMs(batch, started);
  try {
    for await (const line of await o.client.messages.batches.results(batch.id, {}, { signal: stop })) {
      calls.get(line.custom_id)?.settle(settlementOf(line.result, batch.id, latencyMs));
    }
  } catch (error) {
    const info = runErrorOf(error);
    return failAll(calls.values(), stop.aborted ? ABORTED : { ...info, message: `reading the results of batch ${batch.id} failed: ${info.message}` });
  }
  failAll(calls.values(), { type: 'batch_missing_result', message: `batch ${batch.id} ended without a result for this request`, requestId: batch.id });
}

function settlementOf(result: Anthropic.Messages.MessageBatchResult, batchId: string, latencyMs: number): Settlement {
  switch (result.type) {
    case 'succeeded':
      return { response: { message: result.message, latencyMs, requestId: batchId, batch: true } };
    case 'errored': {
      const { error, request_id } = result.error;
      return { error: { type: error.type, message: redact(`${error.message} (batch ${batchId})`), requestId: request_id ?? batchId } };
    }
    case 'expired':
      return { error: { type: 'batch_expired', message: `batch ${batchId} expired before this request was processed (the API gives a batch 24 hours)`, requestId: batchId } };
    case 'canceled':
      return { error: { type: 'batch_canceled', message: `batch ${batchId} was canceled before this request was processed`, requestId: batchId } };
  }
}

/** From creation to end on the API's own clock, so the poll interval does not inflate it. */
function batchLatencyMs(batch: MessageBatch, started: number): number {
  const ms = Date.parse(batch.ended_at ?? '') - Date.parse(batch.created_at);
  return Number.isFinite(ms) && ms >= 0 ? ms : Math.round(performance.now() - started);
}

function deadlineError(batch: MessageBatch, deadlineMs: number): RunError {
  const c = batch.request_counts;
  const done = c.succeeded + c.errored + c.canceled + c.expired;
  return {
    type: 'deadline',
    message: `batch ${batch.id} had not ended after ${formatMs(deadlineMs)} (the batch deadline), so it was canceled with ${done} of ${done + c.processing} requests done; raise the deadline or run with --live`,
    requestId: batch.id,
  };
}

function formatMs(ms: number): string {
  return ms >= 60_000 ? `${+(ms / 60_000).toFixed(1)} min` : ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** Best effort, and bounded: a batch that cannot be canceled still ends on its own within 24 hours. */
async function cancelQuietly(client: Anthropic, id: string): Promise<void> {
  await client.messages.batches.cancel(id, {}, { timeout: 10_000, maxRetries: 1 }).catch(() => {});
}
