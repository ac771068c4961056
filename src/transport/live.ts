/**
 * Live: the real SDK against the API (or ANTHROPIC_BASE_URL), one attempt per `send`.
 * Retries belong to the runner (see retry-policy.ts for why), so the SDK's are off.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import { runErrorOf, sdkCall } from './sdk-call.ts';
import { HintedCallError, retryHintOf } from './retry-hint.ts';
import { DEFAULT_RETRY_POLICY, notRetried, retryDecision, type RetryPolicy } from './retry-policy.ts';
import { redact } from '../redact.ts';
import { CallError, type Call, type CallResponse, type Transport } from './types.ts';

export interface LiveOptions {
  apiKey: string;
  /** Per attempt, headers through the last byte of the body: a stream that stalls mid-way times out too. */
  timeoutMs?: number | undefined;
  baseURL?: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export class LiveTransport implements Transport {
  readonly mode = 'live' as const;
  private readonly client: Anthropic;
  private readonly timeoutMs: number;
  private readonly apiKey: string;

  constructor(options: LiveOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.apiKey = options.apiKey;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      // Our own timer (below) covers the whole attempt; the SDK's only covers the wait for headers.
      timeout: this.timeoutMs + 5_000,
    });
  }

  async send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    const started = performance.now();
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.timeoutMs);
    const options: Anthropic.RequestOptions = {
      signal: AbortSignal.any([signal, timer.signal]),
      headers: { 'x-stainless-retry-count': String((call.attempt ?? 1) - 1) },
    };
    try {
      const response = await sdkCall(this.client, call, options);
      return { ...response, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      if (timer.signal.aborted && !signal.aborted) {
        throw new HintedCallError({ type: 'timeout', message: `no complete answer within ${this.timeoutMs} ms (--timeout-ms)` }, {});
      }
      throw this.failure(error);
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Type, status and request-id for the result file (the key redacted), plus when to retry. A bug is thrown on (runErrorOf). */
  private failure(error: unknown): HintedCallError {
    const info = runErrorOf(error);
    const cause = error instanceof CallError ? error.cause : error;
    const headers = cause instanceof Anthropic.APIError ? cause.headers : undefined;
    return new HintedCallError({ ...info, message: redact(info.message, [this.apiKey]) }, retryHintOf(headers));
  }

  /** Input tokens of a request (count_tokens is free), for the pre-run cost estimate; same retry policy. */
  /** `signal` (the run's interrupt) cuts a count in flight and a retry's wait: the estimate is abandoned. */
  async countTokens(
    params: Anthropic.MessageCreateParamsNonStreaming,
    policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    apiVersion?: string,
    signal?: AbortSignal,
  ): Promise<number> {
    const { model, messages, system, tools, tool_choice, thinking } = params;
    const body = {
      model,
      messages,
      ...(system ? { system } : {}),
      ...(tools ? { tools } : {}),
      ...(tool_choice ? { tool_choice } : {}),
      ...(thinking ? { thinking } : {}),
    };
    // Bounded by policy.maxAttempts.
    for (let attempt = 1; ; attempt++) {
      try {
        const headers = apiVersion !== undefined ? { headers: { 'anthropic-version': apiVersion } } : {};
        const deadline = AbortSignal.timeout(this.timeoutMs);
        return (await this.client.messages.countTokens(body, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, ...headers })).input_tokens;
      } catch (error) {
        signal?.throwIfAborted();
        const failure = this.failure(error);
        const decision = retryDecision(failure, attempt, policy);
        if (!decision.retry) throw notRetried(failure, decision, policy);
        await sleep(decision.delayMs, undefined, signal ? { signal } : {});
      }
    }
  }
}
