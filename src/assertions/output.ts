import type Anthropic from '@anthropic-ai/sdk';
import type { SampleOutput, TrajectoryStep, Usage } from '../run-result.ts';
import type { Output, ToolCall } from './types.ts';

/** The view assertions read, derived once from the model's message. */
export function outputFrom(message: Anthropic.Message, usage: Usage, latencyMs: number, costUsd: number | undefined): Output {
  const text: string[] = [];
  const thinking: string[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text.push(block.text);
    else if (block.type === 'thinking') thinking.push(block.thinking);
  }
  return { message, text: text.join(''), thinking: thinking.join('\n'), toolCalls: toolCallsOf(message), usage, latencyMs, costUsd };
}

/**
 * The tool calls of an answer, in order, as every check reads them (assertions and the vitest kit):
 * the app's tools (`tool_use`) and the server tools the API ran itself (`server_tool_use`: web_search,
 * web_fetch, ...), which are calls the model made all the same, under the name the API gives them.
 */
export function toolCallsOf(message: Pick<Anthropic.Message, 'content'>): ToolCall[] {
  return message.content.flatMap((block): ToolCall[] => {
    if (block.type === 'tool_use') return [{ id: block.id, name: block.name, input: block.input }];
    if (block.type === 'server_tool_use') return [{ id: block.id, name: block.name, input: block.input, server: true }];
    return [];
  });
}

/** What a result file keeps of an answer: enough for reports, not the whole message. */
export function sampleOutput(output: Output): SampleOutput {
  // Field by field in this order, not a literal with spreads amid its fields (many times slower to build, once a sample).
  const kept = { text: output.text } as SampleOutput;
  if (output.thinking) kept.thinking = output.thinking;
  kept.toolCalls = output.toolCalls;
  kept.stopReason = output.message.stop_reason;
  if (output.message.stop_details) kept.stopDetails = output.message.stop_details;
  if (output.steps) kept.steps = output.steps;
  return kept;
}

/**
 * The trajectory as trajectory checks read it: a tool-loop case's steps, or, for a one-request case,
 * that one answer as a one-step trajectory (so `turns` and `tool_sequence` mean the same on both).
 */
export function stepsOf(output: Pick<Output, 'steps' | 'text' | 'toolCalls' | 'message'>): TrajectoryStep[] {
  return output.steps ?? [{ text: output.text, toolCalls: output.toolCalls, stopReason: output.message.stop_reason }];
}

/** Every tool call of the trajectory in order, each with its step (1-based, as reasons name it). */
export function callsByStep(steps: readonly TrajectoryStep[]): { step: number; call: ToolCall }[] {
  return steps.flatMap((s, i) => s.toolCalls.map((call) => ({ step: i + 1, call })));
}
