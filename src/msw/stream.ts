/**
 * Streaming replies as the API sends them: a POST answered with `event:`/`data:` frames written to a
 * ReadableStream (msw's `sse()` is for GET EventSource, not Claude streaming). Text and tool input
 * arrive in several deltas, so an app's `on('text')` handling is exercised, not just `finalMessage()`.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { HttpResponse } from 'msw';
import { sseFrame } from './responses.ts';

/** A mid-stream error frame, as the API sends when it overloads after the stream started. */
export interface StreamErrorEvent {
  type: 'error';
  error: { type: string; message: string };
}

export type StreamEvent = Anthropic.RawMessageStreamEvent | StreamErrorEvent;

/** Splits each one-delta block of `events` into deltas of `chunkSize` characters. */
export function chunkEvents(events: StreamEvent[], chunkSize = 16): StreamEvent[] {
  const size = Math.max(1, Math.floor(chunkSize));
  return events.flatMap((event): StreamEvent[] => {
    if (event.type !== 'content_block_delta') return [event];
    const { delta } = event;
    if (delta.type === 'text_delta') return pieces(delta.text, size).map((text) => ({ ...event, delta: { ...delta, text } }));
    if (delta.type === 'input_json_delta') return pieces(delta.partial_json, size).map((partial_json) => ({ ...event, delta: { ...delta, partial_json } }));
    if (delta.type === 'thinking_delta') return pieces(delta.thinking, size).map((thinking) => ({ ...event, delta: { ...delta, thinking } }));
    return [event];
  });
}

/** Code points, not UTF-16 units: a delta never ends inside an emoji. */
function pieces(text: string, size: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

export function streamResponse(events: StreamEvent[], options: { delayMs?: number | undefined; requestId?: string | undefined } = {}): Response {
  const encoder = new TextEncoder();
  const delayMs = options.delayMs ?? 0;
  let next = 0;
  // pull, not a loop in start: a reader that cancels (an aborted request) stops the frames.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const event = events[next++];
      if (!event) return controller.close();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      controller.enqueue(encoder.encode(sseFrame(event)));
    },
  });
  return new HttpResponse(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': options.requestId ?? 'req_promptgate_mock',
    },
  });
}
