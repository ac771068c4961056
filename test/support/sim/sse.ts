import type Anthropic from '@anthropic-ai/sdk';
import { sseFrame, streamEventsOf } from '../../../src/msw/responses.ts';
import { chunkEvents } from '../../../src/msw/stream.ts';

export { sseFrame };

/** A server-sent event as the API frames it; `ping` is not a RawMessageStreamEvent but the API sends it. */
export type SseEvent = Anthropic.RawMessageStreamEvent | { type: 'ping' };

/** Characters per text/JSON delta, so clients see a block arrive in pieces as from the API. */
const CHUNK = 16;

/**
 * The API's event sequence for a finished message (promptgate's own `streamEventsOf`, deltas split
 * into pieces), with the `ping` the API sends after the first content_block_start.
 */
export function messageEvents(message: Anthropic.Message): SseEvent[] {
  const events: SseEvent[] = chunkEvents(streamEventsOf(message), CHUNK) as Anthropic.RawMessageStreamEvent[];
  const firstStart = events.findIndex((e) => e.type === 'content_block_start');
  if (firstStart >= 0) events.splice(firstStart + 1, 0, { type: 'ping' });
  return events;
}
