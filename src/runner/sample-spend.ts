/**
 * What one sample's requests may cost, attempt by attempt, and the record of each that may be billed.
 *
 * The sample reserved its worst case before it started; a first attempt claims its share. An attempt
 * ends at one of three prices:
 * - answered: what the usage says;
 * - turned away with an HTTP error status, or never sent (a refused connection): nothing (the API
 *   bills neither), share back to the hold;
 * - sent with no answer back (cut, timeout, interrupt): its worst case, as the API may bill what the
 *   model did before the line broke. Recorded as outcome `unknown`; a retry after it reserves its own
 *   room first, and with none left the run stops on the budget.
 */
import { USD_SLACK } from '../format/usd.ts';
import { callCost } from '../pricing/cost.ts';
import { usageFrom, type CallRecord, type Mode } from '../run-result.ts';
import { CallError, type Call, type CallResponse } from '../transport/types.ts';
import type { Budget } from './budget.ts';
import type { WorstCall } from './worst-case.ts';

export interface SpendOptions {
  /** The caps this sample counts against: the run's, its suite's; none when nothing is capped. */
  caps: Budget[];
  /** The sample's worst case, reserved on every cap until `close`. */
  holdUsd: number;
  worstOf: (call: Call) => WorstCall;
  mode: Mode;
  onSpent: (usd: number) => void;
  /** A retry did not fit: the run stops for the budget. */
  onRefused: (message: string) => void;
}

/** One attempt's reservation: its worst case, held either in the sample's hold or on its own. */
export interface Claim {
  /** Unset when there is no cap to hold it on (every replay): only a failure that may be billed needs it then. */
  worst: WorstCall | undefined;
  own: boolean;
  started: number;
}

export class SampleSpend {
  /** Every call that may be billed, in the order they ended: answered, or sent with outcome unknown. */
  readonly calls: CallRecord[] = [];
  private readonly o: SpendOptions;
  private holdUsd: number;
  /** Each answer's record and list price, so the sample's own figures do not price it again (pricedAnswer). */
  private readonly answers: { answer: CallResponse; record: CallRecord; usd: number | undefined }[] = [];

  constructor(options: SpendOptions) {
    this.o = options;
    this.holdUsd = options.holdUsd;
    for (const cap of options.caps) cap.reserve(options.holdUsd);
  }

  /** Before an attempt is sent. Throws a `budget` CallError, the attempt unsent, when its worst case does not fit. */
  claim(call: Call): Claim {
    const started = performance.now();
    if (this.o.caps.length === 0) return { worst: undefined, own: false, started };
    const worst = this.o.worstOf(call);
    // Shares of a sum in float must fit the sum.
    if (worst.usd <= this.holdUsd + USD_SLACK) {
      this.holdUsd = Math.max(0, this.holdUsd - worst.usd);
      return { worst, own: false, started };
    }
    const what = `${call.attempt && call.attempt > 1 ? 'a retry of' : 'a call of'} ${call.suite}/${call.caseId}`;
    const refused = this.o.caps.map((cap) => cap.refusal(worst.usd, what)).find((m) => m !== undefined);
    if (refused) {
      this.o.onRefused(refused);
      throw new CallError({ type: 'budget', message: `not sent: ${refused}` });
    }
    for (const cap of this.o.caps) cap.reserve(worst.usd);
    return { worst, own: true, started };
  }

  answered(claim: Claim, call: Call, answer: CallResponse): void {
    const record = callRecord(call.role, call.params.model, answer);
    const usd = callCost(record.model, record.usage, { batch: record.batch })?.total;
    this.answers.push({ answer, record, usd });
    // A call answered from a recording in a run that pays (--changed, record's unchanged cassettes) was
    // never sent: it spends nothing of a cap. In replay every call is, and what it would cost shows.
    const free = answer.replayed === true && this.o.mode !== 'replay';
    this.calls.push(free ? { ...record, replayed: true } : record);
    this.settle(claim, free ? 0 : (usd ?? 0));
  }

  /** The record of an answer this sample got, and its price at list (undefined: no price known), whether or not the run pays it. */
  pricedAnswer(answer: CallResponse): { record: CallRecord; usd: number | undefined } | undefined {
    return this.answers.find((a) => a.answer === answer);
  }

  failed(claim: Claim, call: Call, error: unknown): void {
    if (!mayHaveBeenBilled(error, this.o.mode)) return this.settle(claim, 0);
    const { model, usage, usd } = claim.worst ?? this.o.worstOf(call);
    const latencyMs = Math.round(performance.now() - claim.started);
    this.calls.push({ role: call.role, model, usage, latencyMs, batch: this.o.mode === 'batch', outcome: 'unknown' });
    this.settle(claim, usd);
  }

  /** The sample is over: what it did not use of its hold goes back. */
  close(): void {
    for (const cap of this.o.caps) cap.settle(this.holdUsd, 0);
    this.holdUsd = 0;
  }

  private settle(claim: Claim, usd: number): void {
    // Without a worst case there is no cap: nothing was held, nothing to give back or charge.
    const held = claim.worst?.usd ?? 0;
    if (claim.own) for (const cap of this.o.caps) cap.settle(held, usd);
    else if (usd === 0) this.holdUsd += held;
    else for (const cap of this.o.caps) cap.charge(held, usd);
    if (usd > 0) this.o.onSpent(usd);
  }
}

/** What the result file keeps of an answered call. */
export function callRecord(role: CallRecord['role'], model: string, answer: CallResponse): CallRecord {
  return {
    role,
    // The model that answered (a dated id) prices the call, not the alias that was asked for.
    model: answer.message.model || model,
    usage: usageFrom(answer.message.usage),
    latencyMs: answer.latencyMs,
    batch: answer.batch ?? false,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
    ...(answer.cassette ? { cassette: answer.cassette } : {}),
    ...(answer.source ? { source: answer.source } : {}),
  };
}

/**
 * Whether a failed attempt may be billed. Replay costs nothing. An HTTP error status means the API
 * turned the request away, which it does not bill, and a request that never left (`notSent`: the
 * connection refused or never made) reached nothing. In live and record mode, any other failure
 * may have happened after the request left, so it may be.
 * A batch bills the entries it finished before it was canceled (an interrupt), not expired or errored ones.
 */
function mayHaveBeenBilled(error: unknown, mode: Mode): boolean {
  if (mode === 'replay' || !(error instanceof CallError) || error.info.status !== undefined || error.info.notSent) return false;
  return mode === 'batch' ? error.info.type === 'aborted' : true;
}
