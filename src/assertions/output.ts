import type Anthropic from '@anthropic-ai/sdk';
import type { SampleOutput, Usage } from '../run-result.ts';
import type { Output } from './types.ts';

/** The view assertions read, derived once from the model's message. */
export function outputFrom(message: Anthropic.Message, usage: Usage, latencyMs: number, costUsd: number | undefined): Output {
  const text: string[] = [];
  const thinking: string[] = [];
  const toolCalls: Output['toolCalls'] = [];
  for (const block of message.content) {
    if (block.type === 'text') text.push(block.text);
    else if (block.type === 'thinking') thinking.push(block.thinking);
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, input: block.input });
  }
  return { message, text: text.join(''), thinking: thinking.join('\n'), toolCalls, usage, latencyMs, costUsd };
}

/** What a result file keeps of an answer: enough for reports, not the whole message. */
export function sampleOutput(output: Output): SampleOutput {
  return {
    text: output.text,
    ...(output.thinking ? { thinking: output.thinking } : {}),
    toolCalls: output.toolCalls,
    stopReason: output.message.stop_reason,
    ...(output.message.stop_details ? { stopDetails: output.message.stop_details } : {}),
  };
}
