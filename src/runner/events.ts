import type { CaseResult, SampleResult } from '../run-result.ts';
import type { Plan } from './plan.ts';

/** Live counters for progress lines; transports that know more (429s, spend) update them. */
export interface Progress {
  total: number;
  done: number;
  inFlight: number;
  concurrency: number;
  rateLimited: number;
  retries: number;
  spentUsd: number;
}

export type RunEvent =
  | { type: 'plan'; plan: Plan; progress: Progress }
  | { type: 'sample'; suite: string; caseId: string; sample: SampleResult; progress: Progress }
  | { type: 'case'; suite: string; file: string; result: CaseResult; progress: Progress }
  | { type: 'stopping'; reason: string; progress: Progress };
