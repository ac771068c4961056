/**
 * Responses the way the Messages API sends them, for MSW handlers: a message as JSON, or a
 * stream as `event:`/`data:` SSE frames over a POST (msw's `sse()` is GET-only, so not that).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { HttpResponse } from 'msw';

export function messageResponse(message: Anthropic.Message, requestId = 'req_promptgate_mock'): Response {
  return HttpResponse.json(message, { headers: { 'request-id': requestId } });
}

export function sseResponse(events: Anthropic.RawMessageStreamEvent[], requestId = 'req_promptgate_mock'): Response {
  const body = events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
  return new HttpResponse(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId },
  });
}

/** The API's error envelope, so the SDK raises its own typed error (RateLimitError, ...). */
export function errorResponse(status: number, type: string, message: string, headers: Record<string, string> = {}): Response {
  return HttpResponse.json({ type: 'error', error: { type, message }, request_id: 'req_promptgate_mock' }, { status, headers });
}

/** The stream of events the API would send for `message`, so any message can be served as SSE. */
export function streamEventsOf(message: Anthropic.Message): Anthropic.RawMessageStreamEvent[] {
  const events: Anthropic.RawMessageStreamEvent[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 0 } },
    },
  ];
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, text: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else if (block.type === 'tool_use') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    } else if (block.type === 'thinking') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, thinking: '', signature: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    } else {
      events.push({ type: 'content_block_start', index, content_block: block } as Anthropic.RawMessageStreamEvent);
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence } as Anthropic.RawMessageDeltaEvent['delta'],
    usage: { output_tokens: message.usage.output_tokens } as Anthropic.MessageDeltaUsage,
  });
  events.push({ type: 'message_stop' });
  return events;
}
