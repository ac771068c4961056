/** A call waiting for its batch: settled once, by its result line, a batch-wide failure, or its own abort. */
import type Anthropic from '@anthropic-ai/sdk';
import type { RunError } from '../run-result.ts';
import { CallError, type Call, type CallResponse } from './types.ts';

export type Settlement = { response: CallResponse } | { error: RunError };

export const ABORTED: RunError = { type: 'aborted', message: 'request aborted' };

/** The longest custom_id, so a call's size is known before its id is chosen. */
const WORST_ID = 'x'.repeat(64);

export class PendingCall {
  readonly call: Call;
  /** Batches do not stream: a streaming case is sent as a plain request and answered whole. */
  readonly params: Anthropic.MessageCreateParamsNonStreaming;
  /** Bytes this entry adds to the create body (with its comma). */
  readonly bytes: number;
  readonly promise: Promise<CallResponse>;
  settled = false;
  /** Set once sent: the batch's calls, and the switch that stops (and cancels) that batch. */
  batch: { calls: ReadonlyMap<string, PendingCall>; stop: AbortController } | undefined;
  private resolve!: (response: CallResponse) => void;
  private reject!: (error: unknown) => void;
  private unwatch: (() => void) | undefined;

  constructor(call: Call) {
    this.call = call;
    const params = { ...call.params };
    delete params.stream;
    this.params = params;
    this.bytes = Buffer.byteLength(JSON.stringify({ custom_id: WORST_ID, params })) + 1;
    this.promise = new Promise<CallResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Settles as aborted when the signal fires, then tells the owner so it can drop or cancel. */
  watch(signal: AbortSignal, onAbort: () => void): void {
    const listener = () => {
      this.settle({ error: ABORTED });
      onAbort();
    };
    signal.addEventListener('abort', listener, { once: true });
    this.unwatch = () => signal.removeEventListener('abort', listener);
  }

  settle(outcome: Settlement): void {
    if (this.settled) return;
    this.settled = true;
    this.unwatch?.();
    if ('response' in outcome) this.resolve(outcome.response);
    else this.reject(new CallError(outcome.error));
  }

  /** A bug while its batch ran: the call rejects with that error as it is, so the run crashes with its stack. */
  crash(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.unwatch?.();
    this.reject(error);
  }
}

/** Settles every call not yet settled; the ones already answered keep their answers. */
export function failAll(calls: Iterable<PendingCall>, error: RunError): void {
  for (const p of calls) p.settle({ error });
}
