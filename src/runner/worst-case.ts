/**
 * The most one call can be billed. The budget reserves it before an attempt is sent, and an attempt
 * sent with no answer back (a stream cut, a timeout, an interrupt) is counted at it: the API may bill
 * what the model did before the line broke. Every billing rule that can raise a call's price is
 * applied here, in one place (docs/pricing.md, "What the spend cap reserves"):
 * - the prompt at the count's upper bound (count_tokens is an estimate), so a count just under a
 *   price tier's edge reserves the higher tier;
 * - every prompt token at the dearest rate it could be billed at: a cache write (1-hour when the
 *   request asks for a 1-hour TTL anywhere) once the prompt reaches the model's minimum cacheable
 *   prefix, since a `cache_control` or automatic caching may write it;
 * - `max_tokens` out (thinking is part of it), at the band of the prompt;
 * - each server tool at its `max_uses`, or without one at one use per SEARCH_OUTPUT_TOKENS of max_tokens;
 * - fast mode and `inference_geo` at their own rates (an unset geography at the dearest the model accepts).
 * Retries and continuations are separate attempts: each claims its own worst case (sample-spend.ts).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { callCost } from '../pricing/cost.ts';
import { minCacheablePrefix, priceFor, priceTable } from '../pricing/price-table.ts';
import { usageFrom, type Usage } from '../run-result.ts';

export interface WorstCall {
  model: string;
  usage: Usage;
  /** `usage` priced (at the batch rate for batch calls); 0 when the model has no known price. */
  usd: number;
  /** What the estimate should say about how this was bounded (a server tool with no max_uses). */
  notes?: string[];
  /** The UTF-8 bytes of the request it was computed for: a longer request (a continuation) needs its own. */
  bytes: number;
}

/**
 * How far count_tokens may be below what the call is billed: the docs call its answer an estimate
 * that may differ by a small amount. 1% and 64 tokens covers that with room; a count within it of a
 * tier's edge is "near" the edge and reserves the higher tier.
 */
const COUNT_SLACK_SHARE = 0.01;
const COUNT_SLACK_TOKENS = 64;

/**
 * Without `max_uses` the API sets no number of searches, but each search is a `server_tool_use` block
 * of at least 5 output tokens, so max_tokens / 5 bounds it; `max_uses` is the way to a smaller bound.
 */
export const SEARCH_OUTPUT_TOKENS = 5;

export function promptUpperBound(counted: number): number {
  return counted > 0 ? Math.ceil(counted * (1 + COUNT_SLACK_SHARE)) + COUNT_SLACK_TOKENS : 0;
}

/**
 * The worst case of sending `params`, whose prompt count_tokens (or a fallback) put at `counted`;
 * `upper`: `counted` is already an upper bound (the request's bytes), so no slack is added to it.
 */
export function worstCall(
  params: Anthropic.MessageCreateParamsNonStreaming,
  counted: number,
  batch: boolean,
  upper = false,
  bytes = requestBytes(params),
): WorstCall {
  const { model, max_tokens } = params;
  const prompt = upper ? Math.max(0, counted) : promptUpperBound(counted);
  const notes: string[] = [];
  const tools = serverToolBound(params, notes);
  const geo = geoOf(params);
  const knobs = {
    ...(params.speed === 'fast' ? { speed: 'fast' as const } : {}),
    ...(geo !== undefined ? { inference_geo: geo } : {}),
    ...(tools.web_search_requests || tools.web_fetch_requests ? { server_tool_use: tools } : {}),
  };
  const candidates: Partial<Anthropic.Usage>[] = [{ input_tokens: prompt }];
  if (prompt >= minCacheablePrefix(model)) {
    candidates.push({ cache_creation_input_tokens: prompt, cache_creation: { ephemeral_5m_input_tokens: prompt, ephemeral_1h_input_tokens: 0 } });
    if (asksForOneHour(params))
      candidates.push({ cache_creation_input_tokens: prompt, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: prompt } });
  }
  // The dearest way the prompt could be billed, priced with the table's own rates (no multiplier assumed).
  let worst: WorstCall | undefined;
  for (const prompted of candidates) {
    const usage = usageFrom({ ...prompted, output_tokens: max_tokens, ...knobs });
    const usd = callCost(model, usage, { batch })?.total ?? 0;
    if (!worst || usd > worst.usd) worst = { model, usage, usd, bytes };
  }
  return notes.length ? { ...worst!, notes } : worst!;
}

/**
 * For a run that made no estimate (no spend cap, so no count_tokens): every UTF-8 byte of the
 * request's JSON counted as an input token. A token covers at least one byte, and the JSON's syntax
 * stands in for the tokens the API adds, so this errs high rather than low.
 */
export function uncountedWorstCall(params: Anthropic.MessageCreateParamsNonStreaming, batch: boolean): WorstCall {
  const bytes = requestBytes(params);
  return worstCall(params, bytes, batch, true, bytes);
}

/** The UTF-8 bytes of what a request sends besides its model and max_tokens. */
export function requestBytes(params: Anthropic.MessageCreateParamsNonStreaming): number {
  const { model: _model, max_tokens: _max, ...input } = params;
  return Buffer.byteLength(JSON.stringify(input));
}

/**
 * Where the request may run, at worst. A request that sets no `inference_geo` runs where its
 * workspace's default says, which promptgate cannot see: the dearest geography the model accepts.
 */
function geoOf(params: Anthropic.MessageCreateParamsNonStreaming): string | undefined {
  if (typeof params.inference_geo === 'string') return params.inference_geo;
  const id = priceFor(params.model)?.model ?? params.model;
  let dearest: [string, number] | undefined;
  for (const [geo, price] of priceTable().inferenceGeo) {
    if (!price.refusedBy?.includes(id) && price.multiplier > (dearest?.[1] ?? 1)) dearest = [geo, price.multiplier];
  }
  return dearest?.[0];
}

/** Searches and fetches the request's server tools may bill, at most. */
function serverToolBound(params: Anthropic.MessageCreateParamsNonStreaming, notes: string[]): Anthropic.ServerToolUsage {
  const bound = { web_search_requests: 0, web_fetch_requests: 0 };
  for (const tool of params.tools ?? []) {
    const type = (tool as { type?: unknown }).type;
    if (typeof type !== 'string') continue;
    const counter = type.startsWith('web_search_') ? 'web_search_requests' : type.startsWith('web_fetch_') ? 'web_fetch_requests' : undefined;
    if (!counter) continue;
    const maxUses = (tool as { max_uses?: unknown }).max_uses;
    if (typeof maxUses === 'number' && Number.isInteger(maxUses) && maxUses >= 0) {
      bound[counter] += maxUses;
      continue;
    }
    const uses = Math.ceil(params.max_tokens / SEARCH_OUTPUT_TOKENS);
    bound[counter] += uses;
    const name = (tool as { name?: unknown }).name;
    notes.push(
      `${typeof name === 'string' ? name : type} has no max_uses: reserved ${uses} uses (one per ${SEARCH_OUTPUT_TOKENS} of max_tokens ${params.max_tokens}); set max_uses to reserve less`,
    );
  }
  return bound;
}

/** Whether any `cache_control` in the request (a block's, or the top-level automatic one) asks for a 1-hour TTL. */
function asksForOneHour(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(asksForOneHour);
  if (!value || typeof value !== 'object') return false;
  const control = (value as { cache_control?: { ttl?: unknown } | null }).cache_control;
  if (control && control.ttl === '1h') return true;
  return Object.values(value).some(asksForOneHour);
}
