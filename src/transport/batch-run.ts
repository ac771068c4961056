/** One Message Batch's life: create, poll to the end (or the deadline), read the results, settle each call. */
import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import type { RunError } from '../run-result.ts';
import { ABORTED, failAll, type PendingCall } from './batch-pending.ts';
import { readResultLine, resultLines } from './batch-results.ts';
import { progressChanged } from './batch-progress.ts';
import { runErrorOf } from './sdk-call.ts';

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
 * The first poll's wait; each next one doubles, up to pollIntervalMs, as a small batch often ends
 * within seconds.
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
  /** Lines that named no call of this batch: what was wrong with them is the reason a call without a result gets. */
  const unplaced: string[] = [];
  try {
    // The raw file, read line by line here (batch-results.ts says why the SDK's reader is not used).
    const url = batch.results_url ?? `/v1/messages/batches/${batch.id}/results`;
    const response = await o.client.get(url, { headers: { Accept: 'application/binary' }, signal: stop }).asResponse();
    let n = 0;
    for await (const text of resultLines(response.body ?? new Blob([]).stream())) {
      const line = readResultLine(text, ++n, batch.id, latencyMs);
      const call = line.customId === undefined ? undefined : calls.get(line.customId);
      if (call) call.settle(line.settlement);
      else if ('error' in line.settlement) unplaced.push(line.settlement.error.message);
      else unplaced.push(`line ${n} of batch ${batch.id}'s results names custom_id ${JSON.stringify(line.customId)}, which the batch did not send`);
    }
  } catch (error) {
    const info = runErrorOf(error);
    return failAll(calls.values(), stop.aborted ? ABORTED : { ...info, message: `reading the results of batch ${batch.id} failed: ${info.message}` });
  }
  const missing: RunError = unplaced.length
    ? {
        type: 'batch_bad_result',
        message: `batch ${batch.id} gave no readable result for this request: ${unplaced[0]}${unplaced.length > 1 ? ` (and ${unplaced.length - 1} more unreadable lines)` : ''}`,
        requestId: batch.id,
      }
    : { type: 'batch_missing_result', message: `batch ${batch.id} ended without a result for this request`, requestId: batch.id };
  failAll(calls.values(), missing);
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
