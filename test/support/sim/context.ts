import type { BatchStore } from './batches.ts';
import type { FaultPicker } from './faults.ts';
import type { createIds } from './ids.ts';
import type { TokenBucket, TokenLimits } from './rate-limit.ts';
import type { SimStats } from './stats.ts';
import type { BatchOutcome, RecordedRequest, Responder, SimRequest } from './types.ts';
import type Anthropic from '@anthropic-ai/sdk';

/** Options resolved once at start. */
export interface SimConfig {
  responder: Responder;
  countTokens: (request: Anthropic.MessageCountTokensParams) => number;
  countTokensLatencyMs: number;
  checkKey: (key: string) => boolean;
  rpm: number | undefined;
  itpm: number | undefined;
  otpm: number | undefined;
  burst: number;
  rateLimitHeaders: boolean;
  gatewayHeaders: Record<string, string | null>;
  maxConcurrent: number;
  latencyMs: (request: SimRequest) => number;
  pickFault: FaultPicker;
  faultRetryAfterMs: number | undefined;
  faultShouldRetry: boolean | undefined;
  faultMessage: string | undefined;
  seed: number;
  batchOutcome: (customId: string, params: Anthropic.MessageCreateParamsNonStreaming) => BatchOutcome;
  batchDelayMs: number;
  keepRequests: number;
  now: () => number;
}

/** Everything `reset()` puts back to its start. */
export interface SimState {
  stats: SimStats;
  log: RecordedRequest[];
  random: () => number;
  bucket: TokenBucket | undefined;
  tokenLimits: TokenLimits | undefined;
  nextId: ReturnType<typeof createIds>;
  batches: BatchStore;
  requestNumber: number;
  /** Admitted POST /v1/messages requests, numbering the fault schedule. */
  messageNumber: number;
}

export interface SimContext {
  readonly config: SimConfig;
  readonly url: string;
  state: SimState;
  /** Survives reset: these requests are still open. */
  inFlight: number;
  /** Aborted by close(): ends pending delays. */
  readonly closing: AbortSignal;
}
