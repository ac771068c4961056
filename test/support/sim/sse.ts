import type Anthropic from '@anthropic-ai/sdk';

/** A server-sent event as the API frames it; `ping` is not a RawMessageStreamEvent but the API sends it. */
export type SseEvent = Anthropic.RawMessageStreamEvent | { type: 'ping' };

const TEXT_CHUNK = 24;
const JSON_CHUNK = 16;

/**
 * The API's event sequence for a finished message: message_start (empty content, no stop reason),
 * then per block content_block_start / deltas / content_block_stop (a ping after the first start),
 * then message_delta (stop reason, output tokens) and message_stop. Accumulating these with the
 * SDK's MessageStream yields `message` again.
 */
export function messageEvents(message: Anthropic.Message): SseEvent[] {
  const events: SseEvent[] = [
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage: { ...message.usage, output_tokens: 1, output_tokens_details: null },
      },
    },
  ];
  message.content.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: emptied(block) });
    if (index === 0) events.push({ type: 'ping' });
    for (const delta of deltas(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  events.push(
    {
      type: 'message_delta',
      delta: {
        stop_reason: message.stop_reason,
        stop_sequence: message.stop_sequence,
        stop_details: message.stop_details,
        container: message.container,
      },
      usage: {
        input_tokens: message.usage.input_tokens,
        output_tokens: message.usage.output_tokens,
        cache_creation_input_tokens: message.usage.cache_creation_input_tokens,
        cache_read_input_tokens: message.usage.cache_read_input_tokens,
        server_tool_use: message.usage.server_tool_use,
        output_tokens_details: message.usage.output_tokens_details,
      },
    },
    { type: 'message_stop' },
  );
  return events;
}

/** `event: <type>\ndata: <json>\n\n` */
export function sseFrame(event: SseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function emptied(block: Anthropic.ContentBlock): Anthropic.RawContentBlockStartEvent['content_block'] {
  switch (block.type) {
    case 'text':
      return { ...block, text: '' };
    case 'thinking':
      return { ...block, thinking: '', signature: '' };
    case 'tool_use':
      return { ...block, input: {} };
    default:
      return block;
  }
}

function deltas(block: Anthropic.ContentBlock): Anthropic.RawContentBlockDelta[] {
  switch (block.type) {
    case 'text':
      return chunks(block.text, TEXT_CHUNK).map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...chunks(block.thinking, TEXT_CHUNK).map((thinking) => ({ type: 'thinking_delta' as const, thinking })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'tool_use':
      return chunks(JSON.stringify(block.input), JSON_CHUNK).map((partial_json) => ({ type: 'input_json_delta', partial_json }));
    default:
      return [];
  }
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
