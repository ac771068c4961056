/**
 * One turn of the model, or a tool loop of turns: the request, then the continuations the docs
 * prescribe while the API pauses the turn (`pause_turn`), and for a tool-loop case the next request
 * while the model stops with `tool_use`. One loop and one step counter for both, so every step is
 * numbered once (its recording's name) and bounded once.
 *
 * Each step is its own call through the sample's `send` (retries, budget, cost, recordings); this
 * module owns only the loop, and the tool answers come as a value.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { CallError, type CallResponse } from '../transport/types.ts';

/** Continuations after the first call before a still-paused turn is errored. */
export const DEFAULT_MAX_CONTINUATIONS = 5;

/** Sends step `continuation` (0: the request as written; k: the k-th request after it, a continuation or a tool step). */
export type TurnStep = (params: Anthropic.MessageCreateParamsNonStreaming, continuation: number) => Promise<CallResponse>;

/** A tool call's answer, as the app sends it back; `unanswered` fails the case with that sentence. */
export type ToolAnswer = { content: string; isError: boolean } | { unanswered: string };

/** What runs a case's tool loop: the bound and the answers (scripted or the app's handlers, resolved by the suite loader). */
export interface ToolLoop {
  /** Requests sent at most; a model still calling tools after the last one fails the case. */
  maxTurns: number;
  answer(call: Anthropic.ToolUseBlock): Promise<ToolAnswer>;
}

/** A tool result sent back after a step. */
export interface SentToolResult {
  toolUseId: string;
  name: string;
  content: string;
  isError: boolean;
}

export interface Turn {
  /** The last turn as one answer: its steps' content in order, the last step's stop and id. */
  message: Anthropic.Message;
  /** Each step's answer, in order. */
  steps: CallResponse[];
  /** A tool loop's results sent after each step, by step index; undefined where none were sent. */
  toolResults: (SentToolResult[] | undefined)[];
  /** Why a tool loop stopped without an answer to judge: a verdict (the case fails), not an error. */
  failure?: string;
}

export interface TurnOptions {
  /** Continuations a turn may take before a still-paused one is errored. Default DEFAULT_MAX_CONTINUATIONS. */
  maxContinuations?: number;
  /** A tool-loop case's answers and bound; without it a `tool_use` stop ends the turn, as the model left it. */
  tools?: ToolLoop | undefined;
}

export async function runTurn(
  params: Anthropic.MessageCreateParamsNonStreaming,
  step: TurnStep,
  { maxContinuations = DEFAULT_MAX_CONTINUATIONS, tools }: TurnOptions = {},
): Promise<Turn> {
  const steps: CallResponse[] = [];
  const toolResults: (SentToolResult[] | undefined)[] = [];
  let turnStart = params;
  let request = params;
  let content: Anthropic.ContentBlock[] = [];
  let paused = 0;
  const turn = (failure?: string): Turn => {
    const final = steps.at(-1)!.message;
    const message = content.length === final.content.length ? final : { ...final, content };
    return { message, steps, toolResults, ...(failure !== undefined ? { failure } : {}) };
  };
  // Bounded: pauses by maxContinuations a turn, tool steps by maxTurns.
  for (;;) {
    const answer = await step(request, steps.length);
    steps.push(answer);
    toolResults.push(undefined);
    content.push(...answer.message.content);
    const last = answer.message;
    const outOfTurns = tools !== undefined && steps.length >= tools.maxTurns;
    if (last.stop_reason === 'pause_turn') {
      if (paused >= maxContinuations) {
        const n = maxContinuations === 1 ? '1 continuation' : `${maxContinuations} continuations`;
        throw new CallError({ type: 'paused_turn', message: `the turn was still paused (stop_reason pause_turn) after ${n}; no final answer to judge` });
      }
      if (outOfTurns) return turn(`max_turns (${tools.maxTurns}) reached with the turn still paused (stop_reason pause_turn); no final answer to judge`);
      paused++;
      request = continuation(turnStart, content, last);
      continue;
    }
    if (tools === undefined || last.stop_reason !== 'tool_use') return turn();
    const calls = content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    // Checked before any handler runs: a step past the bound is never answered, so never sent.
    if (outOfTurns)
      return turn(
        `max_turns (${tools.maxTurns}) reached with the model still calling tools (${calls.map((c) => c.name).join(', ')}); no final answer to judge`,
      );
    const sent: SentToolResult[] = [];
    for (const call of calls) {
      const a = await tools.answer(call);
      if ('unanswered' in a) return turn(`step ${steps.length}: ${a.unanswered}`);
      sent.push({ toolUseId: call.id, name: call.name, content: a.content, isError: a.isError });
    }
    toolResults[steps.length - 1] = sent;
    const results: Anthropic.ToolResultBlockParam[] = sent.map((r) => ({
      type: 'tool_result',
      tool_use_id: r.toolUseId,
      content: r.content,
      ...(r.isError ? { is_error: true } : {}),
    }));
    const answered = continuation(turnStart, content, last);
    request = { ...answered, messages: [...answered.messages, { role: 'user', content: results }] };
    turnStart = request;
    content = [];
    paused = 0;
  }
}

/**
 * The request that continues a paused turn: the conversation with the turn's content so far as the
 * assistant's last message (joined to a prefill the request ends with: it is the same turn), and the
 * paused answer's container, so code-execution tools resume where they stopped.
 */
function continuation(
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
