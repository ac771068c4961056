/**
 * One turn of the model: the request, then, while the API pauses the turn (`stop_reason: pause_turn`:
 * a server tool's loop ran long), the continuations the docs prescribe: the same request with the
 * turn's content so far sent back as the assistant's, until the turn ends or the bound is reached.
 *
 * Each step is its own call through the sample's `send` (retries, budget, cost, recordings all as for
 * any call); this module owns only the loop, so a multi-step tool loop can drive it too.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { CallError, type CallResponse } from '../transport/types.ts';

/** Continuations after the first call before a still-paused turn is errored. */
export const DEFAULT_MAX_CONTINUATIONS = 5;

/** Sends step `continuation` (0: the request as written; k: its k-th continuation). */
export type TurnStep = (params: Anthropic.MessageCreateParamsNonStreaming, continuation: number) => Promise<CallResponse>;

export interface Turn {
  /** The turn as one answer: every step's content in order, the last step's stop and id. */
  message: Anthropic.Message;
  /** Each step's answer, in order. */
  steps: CallResponse[];
}

export async function runTurn(params: Anthropic.MessageCreateParamsNonStreaming, step: TurnStep, maxContinuations = DEFAULT_MAX_CONTINUATIONS): Promise<Turn> {
  const steps = [await step(params, 0)];
  const content = [...steps[0]!.message.content];
  // Bounded: at most maxContinuations more steps.
  for (let last = steps[0]!.message; last.stop_reason === 'pause_turn'; last = steps.at(-1)!.message) {
    if (steps.length > maxContinuations) {
      const n = maxContinuations === 1 ? '1 continuation' : `${maxContinuations} continuations`;
      throw new CallError({ type: 'paused_turn', message: `the turn was still paused (stop_reason pause_turn) after ${n}; no final answer to judge` });
    }
    const answer = await step(continuation(params, content, last), steps.length);
    steps.push(answer);
    content.push(...answer.message.content);
  }
  const final = steps.at(-1)!.message;
  return { message: steps.length === 1 ? final : { ...final, content }, steps };
}

/**
 * The request that continues a paused turn: the conversation with the turn's content so far as the
 * assistant's last message (joined to a prefill the request ends with: it is the same turn), and the
 * paused answer's container, so code-execution tools resume where they stopped.
 */
export function continuation(
  params: Anthropic.MessageCreateParamsNonStreaming,
  content: Anthropic.ContentBlock[],
  paused: Anthropic.Message,
): Anthropic.MessageCreateParamsNonStreaming {
  // The API takes its own blocks back as sent; the SDK types answers and requests apart.
  const sent = content as unknown as Anthropic.ContentBlockParam[];
  const last = params.messages.at(-1);
  const prefill = last?.role === 'assistant' ? (typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content) : undefined;
  const messages: Anthropic.MessageParam[] = prefill
    ? [...params.messages.slice(0, -1), { role: 'assistant', content: [...prefill, ...sent] }]
    : [...params.messages, { role: 'assistant', content: sent }];
  return { ...params, messages, ...(paused.container ? { container: paused.container.id } : {}) };
}
