/**
 * Requests sent and 429s taken, per sample, for the results file (which samples were retried, and
 * why). The runner takes a sample's counts once it is done, so the map holds only samples in flight.
 */
import type { SampleResult } from '../run-result.ts';
import type { Call } from '../transport/types.ts';

type Counts = { attempts: number; retries: number; rateLimited: number };

// The model keeps apart the copies of one case that a matrix runs (model-matrix.ts).
const keyOf = (suiteFile: string, caseId: string, model: string | undefined, repeat: number) =>
  `${suiteFile}\u0000${caseId}\u0000${model ?? ''}\u0000${repeat}`;

export class AttemptTally {
  private readonly bySample = new Map<string, Counts>();

  private counts(call: Call): Counts {
    const key = keyOf(call.suiteFile, call.caseId, call.model, call.repeat);
    let counts = this.bySample.get(key);
    if (!counts) this.bySample.set(key, (counts = { attempts: 0, retries: 0, rateLimited: 0 }));
    return counts;
  }

  /** Attempt `attempt` (1-based) of `call`, its case call or a grader's, is being sent. */
  sent(call: Call, attempt: number): void {
    const counts = this.counts(call);
    counts.attempts++;
    if (attempt > 1) counts.retries++;
  }

  /** An attempt of `call` was refused with 429. */
  rateLimited(call: Call): void {
    this.counts(call).rateLimited++;
  }

  /** Writes the sample's counts onto it (retries and 429s only when there were any) and forgets them. */
  settle(sample: SampleResult, suiteFile: string, caseId: string, model: string | undefined): void {
    const key = keyOf(suiteFile, caseId, model, sample.repeat);
    const counts = this.bySample.get(key);
    this.bySample.delete(key);
    if (!counts || counts.attempts === 0) return;
    sample.attempts = counts.attempts;
    if (counts.retries > 0) sample.retries = counts.retries;
    if (counts.rateLimited > 0) sample.rateLimited = counts.rateLimited;
  }
}
