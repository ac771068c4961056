/**
 * The most one call can be billed: its input and `max_tokens` out (thinking included). The budget
 * reserves it before an attempt is sent, and an attempt sent with no answer back (a stream cut, a
 * timeout, an interrupt) is counted at it: the API may bill what the model did before the line broke.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { callCost } from '../pricing/cost.ts';
import { usageFrom, type Usage } from '../run-result.ts';

export interface WorstCall {
  model: string;
  usage: Usage;
  /** `usage` priced (at the batch rate for batch calls); 0 when the model has no known price. */
  usd: number;
}

export function worstCall(model: string, inputTokens: number, maxTokens: number, batch: boolean): WorstCall {
  const usage = usageFrom({ input_tokens: inputTokens, output_tokens: maxTokens });
  return { model, usage, usd: callCost(model, usage, { batch })?.total ?? 0 };
}

/**
 * For a run that made no estimate (no spend cap, so no count_tokens): every UTF-8 byte of the
 * request's JSON counted as an input token. A token covers at least one byte of text, and the JSON's
 * quotes, keys and braces stand in for the tokens the API adds around messages and tools, so this
 * errs high (about 4x for English text) rather than low.
 */
export function uncountedWorstCall(params: Anthropic.MessageCreateParamsNonStreaming, batch: boolean): WorstCall {
  const { model, max_tokens, ...input } = params;
  return worstCall(model, Buffer.byteLength(JSON.stringify(input)), max_tokens, batch);
}
