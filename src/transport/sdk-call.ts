import Anthropic from '@anthropic-ai/sdk';
import type { RunError } from '../run-result.ts';
import { redact } from '../redact.ts';
import { retryHintOf } from './retry-hint.ts';
import { withoutSdkModelWarnings } from './sdk-warnings.ts';
import { CallError, type Call, type CallResponse } from './types.ts';

/**
 * One Messages API call through the SDK, streamed or not. Streaming goes through the SDK's own
 * MessageStream, so the SSE frames are parsed and assembled by the SDK, as in users' apps.
 * `replayed`: answered from a recording, whose request-id the cassette keeps and which states no
 * rate limits, so no response header is read.
 */
export async function sdkCall(
  client: Anthropic,
  call: Call,
  given: Anthropic.RequestOptions,
  { replayed = false } = {},
): Promise<Omit<CallResponse, 'latencyMs'>> {
  // Every caller here passes its headers as a plain record; the version the case sends goes beside them.
  const headers = { ...(given.headers as Record<string, string> | undefined), 'anthropic-version': call.apiVersion };
  const options = call.apiVersion !== undefined ? { ...given, headers } : given;
  try {
    if (call.stream) {
      const events: Anthropic.RawMessageStreamEvent[] = [];
      // The SDK builds its snapshot by mutating the event objects, so keep copies as they arrived.
      const stream = withoutSdkModelWarnings(() => client.messages.stream(call.params, options)).on(
        'streamEvent',
        (e) => void events.push(structuredClone(e) as Anthropic.RawMessageStreamEvent),
      );
      // A stream cut before message_stop rejects here (stream_error): never half an answer.
      const message = await stream.finalMessage();
      if (replayed) return { message, events };
      return { message, events, requestId: stream.request_id ?? undefined, ...rateLimitOf(stream.response?.headers) };
    }
    if (replayed) return { message: await withoutSdkModelWarnings(() => client.messages.create(call.params, options)) };
    const { data, request_id, response } = await withoutSdkModelWarnings(() => client.messages.create(call.params, options)).withResponse();
    return { message: data, requestId: request_id ?? undefined, ...rateLimitOf(response.headers) };
  } catch (error) {
    throw new CallError(runErrorOf(error), { cause: error });
  }
}

/** The account's rate-limit state as an answer's headers tell it, for the runner's pacing (none behind a gateway that drops them). */
function rateLimitOf(headers: Headers | undefined): Pick<CallResponse, 'rateLimit'> {
  const { rateLimit } = retryHintOf(headers);
  return rateLimit ? { rateLimit } : {};
}

/**
 * What a call's failure means for the result file: type, status and request-id, never the key.
 * Anything but the SDK's errors, an abort or a dropped connection is a bug, thrown again as it is
 * so it crashes with its stack instead of being retried and blamed on the API.
 */
export function runErrorOf(error: unknown): RunError {
  if (error instanceof CallError) return error.info;
  if (error instanceof Anthropic.APIUserAbortError || isAbort(error, 'AbortError')) return { type: 'aborted', message: 'request aborted' };
  if (error instanceof Anthropic.APIConnectionTimeoutError || isAbort(error, 'TimeoutError')) return { type: 'timeout', message: 'request timed out' };
  if (error instanceof Anthropic.APIConnectionError || isDroppedConnection(error)) {
    const root = rootCause(error);
    // The SDK says only "Connection error."; what the system said (ECONNREFUSED, no such host) is the useful part.
    const message = redact(root !== error ? `${error.message.replace(/\.$/, '')}: ${root.message}` : error.message);
    return neverSent(root) ? { type: 'connection_error', message, notSent: true } : { type: 'connection_error', message };
  }
  if (error instanceof Anthropic.APIError) {
    const body = error.error as { error?: { type?: string; message?: string } } | undefined;
    return {
      type: body?.error?.type ?? 'api_error',
      message: redact(body?.error?.message ?? error.message),
      ...(error.status ? { status: error.status } : {}),
      ...(error.requestID ? { requestId: error.requestID } : {}),
    };
  }
  // The SDK's own errors besides HTTP ones: a stream that broke or ended before message_stop.
  if (error instanceof Anthropic.AnthropicError) return { type: 'stream_error', message: redact(error.message) };
  throw error;
}

/** The innermost error of a chain of causes (the SDK's, fetch's, the socket's). */
function rootCause(error: Error): Error {
  let root = error;
  // Bounded: a cause chain is a few links, but nothing stops one from looping.
  for (let i = 0; i < 10 && root.cause instanceof Error; i++) root = root.cause;
  return root;
}

/**
 * Failures that end a request before any of it left: the connection refused or never made (no
 * such host, no route, a port fetch will not call), or a header no request can carry. The API saw
 * nothing, so nothing can be billed (sample-spend.ts), unlike a connection that broke once open.
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_INVALID_ARG']);

function neverSent(root: Error): boolean {
  const code = (root as { code?: unknown }).code;
  return typeof code === 'string' ? NEVER_SENT.has(code) : root.message === 'bad port';
}

/** Aborts that reach us raw: the SDK lets a signal that fires while a non-streamed body is read through unwrapped. */
function isAbort(error: unknown, name: 'AbortError' | 'TimeoutError'): boolean {
  return error instanceof Error && error.name === name;
}

/**
 * Node's fetch reports a connection dropped while a body is read as a TypeError caused by the
 * socket's error (`terminated`, caused by `SocketError: other side closed`, code
 * UND_ERR_SOCKET), and the SDK passes it on unwrapped for a non-streamed answer. A TypeError
 * from a bug has no such cause.
 */
function isDroppedConnection(error: unknown): error is TypeError {
  return error instanceof TypeError && error.cause instanceof Error && typeof (error.cause as { code?: unknown }).code === 'string';
}
