/**
 * Responses the way the Messages API sends them, for MSW handlers: a message as JSON, or a
 * stream as `event:`/`data:` SSE frames over a POST (msw's `sse()` is GET-only, so not that).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { HttpResponse } from 'msw';

export function messageResponse(message: Anthropic.Message, requestId = 'req_promptgate_mock'): Response {
  // HttpResponse.json's headers, with the length counted by Buffer.byteLength: json() builds a Blob
  // for it, a measurable share of a large replay.
  const text = JSON.stringify(message);
  return new HttpResponse(text, {
    headers: { 'request-id': requestId, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) },
  });
}

export function sseResponse(events: Anthropic.RawMessageStreamEvent[], requestId = 'req_promptgate_mock'): Response {
  const body = events.map(sseFrame).join('');
  return new HttpResponse(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId },
  });
}

/** The API's error envelope, so the SDK raises its own typed error (RateLimitError, ...). */
export function errorResponse(status: number, type: string, message: string, headers: Record<string, string> = {}): Response {
  return HttpResponse.json({ type: 'error', error: { type, message }, request_id: 'req_promptgate_mock' }, { status, headers });
}

/** `event: <type>\ndata: <json>\n\n`: one server-sent event as the API frames it. */
export function sseFrame(event: { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The API's event sequence for a finished message, one delta per block, which the SDK's MessageStream
 * assembles back into `message`; `chunkEvents` (stream.ts) splits the deltas as the API does.
 */
export function streamEventsOf(message: Anthropic.Message): Anthropic.RawMessageStreamEvent[] {
  const events: Anthropic.RawMessageStreamEvent[] = [
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
    for (const delta of deltasOf(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  const { usage } = message;
  events.push(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: message.stop_details, container: message.container },
      usage: {
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        server_tool_use: usage.server_tool_use,
        output_tokens_details: usage.output_tokens_details,
      },
    },
    { type: 'message_stop' },
  );
  return events;
}

function emptied(block: Anthropic.ContentBlock): Anthropic.RawContentBlockStartEvent['content_block'] {
  if (block.type === 'text') return { ...block, text: '' };
  if (block.type === 'thinking') return { ...block, thinking: '', signature: '' };
  if (block.type === 'tool_use' || block.type === 'server_tool_use') return { ...block, input: {} };
  return block;
}

function deltasOf(block: Anthropic.ContentBlock): Anthropic.RawContentBlockDelta[] {
  if (block.type === 'text') return [{ type: 'text_delta', text: block.text }];
  if (block.type === 'tool_use' || block.type === 'server_tool_use') return [{ type: 'input_json_delta', partial_json: JSON.stringify(block.input) }];
  if (block.type === 'thinking')
    return [
      { type: 'thinking_delta', thinking: block.thinking },
      { type: 'signature_delta', signature: block.signature },
    ];
  return [];
}
