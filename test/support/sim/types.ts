import type Anthropic from '@anthropic-ai/sdk';
import type { SimStats } from './stats.ts';

/** What a request to POST /v1/messages carries (streaming or not). */
export type SimRequest = Anthropic.MessageCreateParams;

/**
 * One block of a reply: the SDK's block shapes, minus what the simulator fills in (ids, caller,
 * citations). A `web_search_tool_result` without `tool_use_id` answers the `server_tool_use` before it.
 */
export type ReplyBlock =
  | Pick<Anthropic.TextBlock, 'type' | 'text'>
  | (Pick<Anthropic.ToolUseBlock, 'type' | 'name' | 'input'> & { id?: string })
  | (Pick<Anthropic.ThinkingBlock, 'type' | 'thinking'> & { signature?: string })
  | (Pick<Anthropic.ServerToolUseBlock, 'type' | 'name' | 'input'> & { id?: string })
  | (Pick<Anthropic.WebSearchToolResultBlock, 'type' | 'content'> & { tool_use_id?: string });

/**
 * What a responder returns. A bare string is one text block. Without `stop_reason` the simulator
 * derives it like the API: `stop_sequence` when a requested stop sequence occurs in the text,
 * `max_tokens` when the reply exceeds `max_tokens` (text is cut), `tool_use` when a tool is called,
 * else `end_turn`. With an explicit `stop_reason` the content is sent as is (`pause_turn`: the API
 * paused a long server-tool turn; the client sends it back to continue, see `pausingResponder`).
 */
export type Reply =
  | string
  | {
      content: string | ReplyBlock[];
      stop_reason?: Anthropic.StopReason;
      stop_sequence?: string | null;
      /** With `stop_reason: 'refusal'`, as the API sends it: the policy category and an explanation (content empty or partial). */
      stop_details?: Anthropic.RefusalStopDetails | null;
    };

export type Responder = (request: SimRequest) => Reply | Promise<Reply>;

/** 500 api_error, 529 overloaded_error, 429 rate_limit_error, 400 invalid_request_error (final unless x-should-retry says otherwise), or a broken connection. */
export type Fault = 500 | 529 | 429 | 400 | 'reset' | 'stall' | 'truncated-stream';

/** `requestNumber` is 1-based over POST /v1/messages requests admitted past auth, validation and limits. */
export type FaultSchedule = (requestNumber: number, request: SimRequest) => Fault | undefined;

/**
 * A batch entry's result line. Besides the API's four types: `errored-bare`, an errored result
 * without the `{type: 'error', error: {...}}` envelope; `unknown-type`, a result type clients do not
 * know yet; `truncated`, the line cut mid-way (its custom_id still readable); `not-json`, a line of
 * garbage; `no-custom-id`, a whole result without its custom_id. All but the four count as errored.
 */
export type BatchOutcome = 'succeeded' | 'errored' | 'expired' | 'canceled' | 'errored-bare' | 'unknown-type' | 'truncated' | 'not-json' | 'no-custom-id';

export interface SimulatorOptions {
  /** Replies for POST /v1/messages and succeeded batch entries. Default: `defaultResponder`. */
  responder?: Responder;
  /** When set, only this key is accepted (compared by hash; the value is not kept). Default: any non-empty key. */
  apiKey?: string;
  /** Requests per minute for POST /v1/messages (token bucket, continuous refill). Default: unlimited. */
  rpm?: number;
  /**
   * Input and output tokens per minute for POST /v1/messages (buckets holding a minute's worth): a
   * request whose input does not fit gets 429; `anthropic-ratelimit-{input-,output-,}tokens-*` go on
   * every response. Default: unlimited, no token headers.
   */
  itpm?: number;
  otpm?: number;
  /** Bucket capacity (the largest burst). Default: max(1, rpm / 60), one second's worth. */
  burst?: number;
  /** `anthropic-ratelimit-requests-*` on every response while `rpm` is set; false drops them, as some gateways do. Default true. */
  rateLimitHeaders?: boolean;
  /**
   * Headers a gateway in front sets on every response, over the simulator's own (`retry-after: 0.5`,
   * a fractional `anthropic-ratelimit-requests-limit`; null drops one, as `retry-after-ms`): what the
   * client must survive. Default none.
   */
  gatewayHeaders?: Record<string, string | null>;
  /** POST /v1/messages requests served at once; more get 429. Default: unlimited. */
  maxConcurrent?: number;
  /** Delay before answering POST /v1/messages (also before injected 5xx/429/reset). Default 0. */
  latencyMs?: number | ((request: SimRequest) => number);
  /**
   * Injected faults on POST /v1/messages: a probability in 0..1 (kinds drawn from the seeded PRNG),
   * `{ rate, kinds }` to choose the kinds, or a deterministic schedule.
   * Default kinds for a rate: 500, 529, 429, 'reset' (the ones the SDK retries without a timeout).
   */
  faults?: number | { rate: number; kinds: Fault[] } | FaultSchedule;
  /**
   * `retry-after`/`retry-after-ms` on injected 500/529/429, so retry tests need not sit out the SDK's
   * own backoff. Default: none on 500/529; an injected 429 says one token's interval (`60000 / rpm`), else 1000.
   */
  faultRetryAfterMs?: number;
  /** `x-should-retry: true|false` on injected 400/500/529/429, the server overriding the status's usual retry rule. Default: none. */
  faultShouldRetry?: boolean;
  /** The error message of injected 400/500/529/429, as a gateway in front of the API may write its own. Default: `… (injected fault).` */
  faultMessage?: string;
  /** Seed of the PRNG behind fault rates. Default 1. */
  seed?: number;
  /** Batch outcome per entry. Default: every entry succeeds. */
  batchOutcome?: (customId: string, params: Anthropic.MessageCreateParamsNonStreaming) => BatchOutcome;
  /** How long a batch stays in_progress. Default 0 (ended on the first retrieve). */
  batchDelayMs?: number;
  /**
   * What POST /v1/messages/count_tokens answers, as a gateway in front of the API might (0, a negative
   * number, a count just under the truth). Default: the same count usage.input_tokens reports.
   */
  countTokens?: (request: Anthropic.MessageCountTokensParams) => number;
  /** Delay before answering POST /v1/messages/count_tokens (a slow gateway). Default 0. */
  countTokensLatencyMs?: number;
  /** How many received requests `sim.requests` keeps (the newest). Default 1000. */
  keepRequests?: number;
  /** Clock (ms since epoch) for the rate bucket, batch timing and timestamps. Default Date.now. */
  now?: () => number;
}

/** A received request as the simulator keeps it: the body, never the headers (so never the key). */
export interface RecordedRequest {
  /** 1-based over every HTTP request since start/reset. */
  n: number;
  method: string;
  path: string;
  body: unknown;
  auth: AuthKind;
  /** From the SDK's `x-stainless-retry-count` header: 0 on a first attempt. */
  retryCount: number | null;
}

export type AuthKind = 'x-api-key' | 'bearer' | 'none';

export interface Simulator {
  /** `http://127.0.0.1:<port>`: the SDK's `baseURL` or `ANTHROPIC_BASE_URL`. */
  readonly url: string;
  /** A snapshot: later requests do not change an object already read. */
  readonly stats: SimStats;
  /** The newest `keepRequests` requests, oldest first (a copy). */
  readonly requests: RecordedRequest[];
  /** Back to the just-started state: stats, request log, numbering, PRNG, bucket, ids, batches. */
  reset(): void;
  /** Stops listening, destroys open sockets (stalled ones too) and cancels pending delays. */
  close(): Promise<void>;
}
