/**
 * Every call the runner makes goes through here: each attempt takes a slot of the adaptive limit and
 * gives it back before any retry wait, so backoff never idles a slot. 429s cut the limit, response
 * headers pace starts (adaptive-limit.ts), and SampleSpend prices each attempt.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { HintedCallError } from '../transport/retry-hint.ts';
import { notRetried, retryDecision, type RetryPolicy } from '../transport/retry-policy.ts';
import { CallError, type Call, type CallResponse, type Transport } from '../transport/types.ts';
import type { AdaptiveLimit } from './adaptive-limit.ts';
import type { AttemptTally } from './attempt-tally.ts';
import type { Progress } from './events.ts';
import type { SampleSpend } from './sample-spend.ts';

export interface Scheduling {
  limit: AdaptiveLimit;
  policy: RetryPolicy;
  progress: Progress;
  /** Counts each sample's attempts and 429s for the results file, the sample known by its SampleSpend. */
  tally?: AttemptTally;
  /** Fires on an interrupt: from then on no attempt is sent, first or retry; those in flight go on until cut. */
  drain?: AbortSignal;
  random?: () => number;
}

/** A transport whose every attempt is charged to the sample that sends it. */
export interface ScheduledTransport {
  readonly mode: Transport['mode'];
  send(call: Call, signal: AbortSignal, spend: SampleSpend): Promise<CallResponse>;
}

export function scheduledTransport(inner: Transport, s: Scheduling): ScheduledTransport {
  // Every call of a run passes the same signal: one signal for both, not one per call (AbortSignal.any
  // registers each with both sources, a measurable share of a large replay). Any number of calls may
  // wait on it at once, hence no listener limit.
  let shared: { signal: AbortSignal; waits: AbortSignal } | undefined;
  const waitsOf = (signal: AbortSignal, drain: AbortSignal): AbortSignal => {
    if (shared?.signal !== signal) {
      shared = { signal, waits: AbortSignal.any([signal, drain]) };
      setMaxListeners(0, shared.waits);
    }
    return shared.waits;
  };
  return {
    mode: inner.mode,
    async send(call: Call, signal: AbortSignal, spend: SampleSpend): Promise<CallResponse> {
      // Waits (for a pause, a spacing slot, a backoff) end at an interrupt too: nothing is sent after it.
      const waits = s.drain ? waitsOf(signal, s.drain) : signal;
      // Bounded by policy.maxAttempts: retryDecision says stop once it is reached.
      for (let attempt = 1; ; attempt++) {
        let startedAt = 0;
        try {
          const answer = await s.limit.run(async (at) => {
            signal.throwIfAborted();
            if (s.drain?.aborted) throw new CallError({ type: 'interrupted', message: 'not sent: the run was interrupted' });
            const sent = { ...call, attempt };
            const claim = spend.claim(sent);
            startedAt = at;
            s.progress.inFlight++;
            s.tally?.sent(spend, attempt);
            try {
              const answer = await inner.send(sent, signal);
              // Read before the slot is given back, so the start it frees is already paced. A replayed
              // answer (record's fresh cassettes, --changed) says nothing of the API's limits or latency.
              if (!answer.replayed) s.limit.onRateLimitState(answer.rateLimit);
              spend.answered(claim, sent, answer);
              return answer;
            } catch (error) {
              // A 5xx or a 429 carries the headers too: pacing learns from whichever response comes first.
              if (error instanceof HintedCallError) s.limit.onRateLimitState(error.hint.rateLimit);
              spend.failed(claim, sent, error);
              throw error;
            } finally {
              s.progress.inFlight--;
            }
          }, waits);
          s.limit.onSuccess(answer.replayed ? undefined : { latencyMs: answer.latencyMs, usage: answer.message.usage });
          s.progress.concurrency = s.limit.concurrency;
          return answer;
        } catch (error) {
          if (signal.aborted || s.drain?.aborted) throw error;
          const decision = retryDecision(error, attempt, s.policy, s.random);
          if (decision.rateLimited) {
            s.progress.rateLimited++;
            s.tally?.rateLimited(spend);
            const hint = error instanceof HintedCallError ? error.hint : {};
            // Everyone waits only when the headers say a limit is used up: then every request sent before
            // the refill would bounce. Otherwise (a concurrency limit, no headers) only this one waits.
            const exhausted = hint.rateLimit?.resetInMs !== undefined;
            // No longer than the policy would sit out for this call: a wait past it ends the call, not the run.
            const pause = exhausted ? Math.min(hint.retryAfterMs ?? hint.rateLimit?.resetInMs ?? 0, s.policy.maxRetryAfterMs) : undefined;
            s.limit.onRateLimited(startedAt, pause, hint.rateLimit);
            s.progress.concurrency = s.limit.concurrency;
          }
          // A retry the budget refused was never sent: it is not counted as an attempt made.
          const made = error instanceof CallError && error.info.type === 'budget' ? attempt - 1 : attempt;
          if (!decision.retry) {
            const final = notRetried(error, decision, s.policy);
            throw made > 1 ? afterAttempts(final, made) : final;
          }
          s.progress.retries++;
          await sleep(decision.delayMs, undefined, { signal: waits });
        }
      }
    },
  };
}

/** The last attempt's error (type, status, request-id), saying how many attempts were made. */
function afterAttempts(error: unknown, attempts: number): unknown {
  if (!(error instanceof CallError)) return error;
  return new CallError({ ...error.info, message: `${error.info.message} (gave up after ${attempts} attempts)` });
}
