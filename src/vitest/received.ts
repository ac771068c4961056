/** What the matchers accept: an SDK message, a bare text answer, or a promptgate sample output. */
import type Anthropic from '@anthropic-ai/sdk';
import { refusalText } from '../../reporters/reasons.ts';
import type { SampleOutput } from '../run-result.ts';

export type Answer = Anthropic.Message | string | SampleOutput;

export const ACCEPTS = 'an Anthropic.Message, a string, or a promptgate sample output';

/** The received value as a whole Message, or undefined when it is none of the accepted kinds. */
export function asMessage(received: unknown): Anthropic.Message | undefined {
  if (typeof received === 'string') return synthetic([{ type: 'text', text: received, citations: null }], null);
  if (typeof received !== 'object' || received === null) return undefined;
  const r = received as Partial<Anthropic.Message> & Partial<SampleOutput>;
  if (Array.isArray(r.content)) return received as Anthropic.Message;
  if (typeof r.text === 'string' && Array.isArray(r.toolCalls)) {
    const blocks: Anthropic.ContentBlock[] = [
      ...(r.text ? [{ type: 'text' as const, text: r.text, citations: null }] : []),
      ...r.toolCalls.map((c): Anthropic.ContentBlock =>
        c.server
          ? { type: 'server_tool_use', id: c.id, name: c.name as Anthropic.ServerToolUseBlock['name'], input: c.input, caller: { type: 'direct' } }
          : { type: 'tool_use', id: c.id, name: c.name, input: c.input, caller: { type: 'direct' } },
      ),
    ];
    return synthetic(blocks, r.stopReason ?? null, r.stopDetails ?? null);
  }
  return undefined;
}

function synthetic(
  content: Anthropic.ContentBlock[],
  stopReason: Anthropic.StopReason | null,
  stopDetails: Anthropic.RefusalStopDetails | null = null,
): Anthropic.Message {
  return {
    id: 'msg_matcher',
    type: 'message',
    role: 'assistant',
    model: 'unknown',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: stopDetails,
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      server_tool_use: null,
      service_tier: null,
      inference_geo: null,
      output_tokens_details: null,
      speed: null,
    },
  };
}

/** How the matchers name a refusal: as every report does (reporters/reasons.ts), or undefined when the answer is none. */
export function refusalOf(message: Anthropic.Message): string | undefined {
  return refusalText({ stopReason: message.stop_reason, ...(message.stop_details ? { stopDetails: message.stop_details } : {}) });
}

export function textOf(message: Anthropic.Message): string {
  return message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
}

export { toolCallsOf } from '../assertions/output.ts';
