/**
 * How many requests in flight the account's limits allow at the observed latency (Little's law:
 * in flight = rate x time in flight), for a run without --concurrency. The rate is the lowest the
 * limits sustain (requests a minute; tokens a minute over a request's use so far). The margin keeps
 * the rate, not the slot count, binding: the pacer holds extra starts, while a slot short is lost throughput.
 */
import type { RateLimitState } from '../transport/retry-hint.ts';

/** The highest the limit grows to on its own: a tier-4 account at 4,000 a minute and several seconds a call. */
export const AUTO_CONCURRENCY_MAX = 256;
/** With no rate-limit headers (a gateway that drops them) nothing says more is allowed: the old default. */
export const UNTOLD_CONCURRENCY = 4;
const MARGIN = 1.5;

/** What a request has used so far, on average (input counts cache writes, as the input-token limit does). */
export interface TokensPerRequest {
  input: number;
  output: number;
}

/** Requests a second the stated limits sustain, or undefined when no limit was stated. */
export function sustainedRate(state: RateLimitState, perRequest: TokensPerRequest | undefined): number | undefined {
  const rates: number[] = [];
  if (state.requestsLimit !== undefined) rates.push(state.requestsLimit / 60);
  if (perRequest) {
    const { inputTokens, outputTokens, tokens } = state;
    if (inputTokens?.limit !== undefined && perRequest.input > 0) rates.push(inputTokens.limit / 60 / perRequest.input);
    if (outputTokens?.limit !== undefined && perRequest.output > 0) rates.push(outputTokens.limit / 60 / perRequest.output);
    // `tokens` repeats the most restrictive of the two above; alone (a gateway's), it counts both.
    if (!inputTokens && !outputTokens && tokens?.limit !== undefined && perRequest.input + perRequest.output > 0) {
      rates.push(tokens.limit / 60 / (perRequest.input + perRequest.output));
    }
  }
  return rates.length > 0 ? Math.min(...rates) : undefined;
}

/** In flight for `perSecond` at `latencyMs`, with the margin, within 1..ceiling. */
export function concurrencyFor(perSecond: number, latencyMs: number, ceiling: number): number {
  return Math.max(1, Math.min(ceiling, Math.ceil(perSecond * (latencyMs / 1000) * MARGIN)));
}
