/**
 * Requests sent and 429s taken, per sample, for the results file (which samples were retried, and
 * why). The runner takes a sample's counts once it is done, so the map holds only samples in flight.
 */
import type { SampleResult } from '../run-result.ts';

type Counts = { attempts: number; retries: number; rateLimited: number };

/**
 * Samples are told apart by an object each has of its own while it runs (the runner's SampleSpend):
 * no key to build per attempt, and the copies of one case a matrix runs never meet.
 */
export class AttemptTally {
  private readonly bySample = new Map<object, Counts>();

  private counts(sample: object): Counts {
    let counts = this.bySample.get(sample);
    if (!counts) this.bySample.set(sample, (counts = { attempts: 0, retries: 0, rateLimited: 0 }));
    return counts;
  }

  /** Attempt `attempt` (1-based) of one of the sample's calls, its case call or a grader's, is being sent. */
  sent(sample: object, attempt: number): void {
    const counts = this.counts(sample);
    counts.attempts++;
    if (attempt > 1) counts.retries++;
  }

  /** An attempt of one of the sample's calls was refused with 429. */
  rateLimited(sample: object): void {
    this.counts(sample).rateLimited++;
  }

  /** Writes the sample's counts onto its result (retries and 429s only when there were any) and forgets them. */
  settle(result: SampleResult, sample: object): void {
    const counts = this.bySample.get(sample);
    this.bySample.delete(sample);
    if (!counts || counts.attempts === 0) return;
    result.attempts = counts.attempts;
    if (counts.retries > 0) result.retries = counts.retries;
    if (counts.rateLimited > 0) result.rateLimited = counts.rateLimited;
  }
}
