import Anthropic from '@anthropic-ai/sdk';
import type { RunError } from '../run-result.ts';
import { redact } from '../redact.ts';
import { CallError, type Call, type CallResponse } from './types.ts';

/**
 * One Messages API call through the SDK, streamed or not. Streaming goes through the SDK's own
 * MessageStream, so the SSE frames are parsed and assembled by the SDK, as in users' apps.
 */
export async function sdkCall(client: Anthropic, call: Call, options: Anthropic.RequestOptions): Promise<Omit<CallResponse, 'latencyMs'>> {
  try {
    if (call.stream) {
      const events: Anthropic.RawMessageStreamEvent[] = [];
      // The SDK builds its snapshot by mutating the event objects, so keep copies as they arrived.
      const stream = client.messages.stream(call.params, options).on('streamEvent', (e) => void events.push(structuredClone(e) as Anthropic.RawMessageStreamEvent));
      // A stream cut before message_stop rejects here (stream_error): never half an answer.
      const message = await stream.finalMessage();
      return { message, events, requestId: stream.request_id ?? undefined };
    }
    const { data, request_id } = await client.messages.create(call.params, options).withResponse();
    return { message: data, requestId: request_id ?? undefined };
  } catch (error) {
    throw new CallError(runErrorOf(error), { cause: error });
  }
}

/** What an SDK error means for the result file: type, status and request-id, never the key. */
export function runErrorOf(error: unknown): RunError {
  if (error instanceof CallError) return error.info;
  if (error instanceof Anthropic.APIUserAbortError) return { type: 'aborted', message: 'request aborted' };
  if (error instanceof Anthropic.APIConnectionTimeoutError) return { type: 'timeout', message: 'request timed out' };
  if (error instanceof Anthropic.APIConnectionError) return { type: 'connection_error', message: redact(error.message) };
  if (error instanceof Anthropic.APIError) {
    const body = error.error as { error?: { type?: string; message?: string } } | undefined;
    return {
      type: body?.error?.type ?? 'api_error',
      message: redact(body?.error?.message ?? error.message),
      ...(error.status ? { status: error.status } : {}),
      ...(error.requestID ? { requestId: error.requestID } : {}),
    };
  }
  return { type: 'stream_error', message: redact((error as Error)?.message ?? String(error)) };
}
