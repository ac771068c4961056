/**
 * A batch's results file, each line read on its own: a bad line errors (at most) its own call and
 * the rest are kept, where the SDK's reader would lose every line after the first bad one.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { redact } from '../redact.ts';
import type { RunError } from '../run-result.ts';
import type { Settlement } from './batch-pending.ts';

/** One results line as read: the call it answers, when the line says (or still shows) which, and how that call settles. */
export interface ResultLine {
  customId: string | undefined;
  settlement: Settlement;
}

/** The results file's lines, as they arrive (a batch's results can be far larger than memory wants whole). */
export async function* resultLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const bytes of body) {
    const parts = (rest + decoder.decode(bytes, { stream: true })).split('\n');
    rest = parts.pop()!;
    for (const part of parts) if (part.trim()) yield part.replace(/\r$/, '');
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest;
}

/** `n` is the 1-based line number, for the reason; `latencyMs` is the batch's, given to every answer. */
export function readResultLine(text: string, n: number, batchId: string, latencyMs: number): ResultLine {
  const where = `line ${n} of batch ${batchId}'s results`;
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch (e) {
    // A line cut short often still shows whose it was: that call errors with the reason, not as missing.
    const named = /^\s*\{\s*"custom_id"\s*:\s*"([a-zA-Z0-9_-]{1,64})"/.exec(text)?.[1];
    return { customId: named, settlement: bad(`${where} is not JSON (${(e as Error).message}): ${excerpt(text)}`, batchId) };
  }
  const entry = isObject(line) ? line : {};
  const customId = typeof entry.custom_id === 'string' ? entry.custom_id : undefined;
  if (customId === undefined) return { customId, settlement: bad(`${where} has no custom_id: ${excerpt(text)}`, batchId) };
  const result = isObject(entry.result) ? entry.result : {};
  switch (result.type) {
    case 'succeeded':
      if (!isObject(result.message) || !Array.isArray(result.message.content))
        return { customId, settlement: bad(`${where} is a succeeded result without a message`, batchId) };
      return { customId, settlement: { response: { message: result.message as unknown as Anthropic.Message, latencyMs, requestId: batchId, batch: true } } };
    case 'errored':
      return { customId, settlement: { error: erroredOf(result.error, batchId) } };
    case 'expired':
      return {
        customId,
        settlement: {
          error: {
            type: 'batch_expired',
            message: `batch ${batchId} expired before this request was processed (the API gives a batch 24 hours)`,
            requestId: batchId,
          },
        },
      };
    case 'canceled':
      return {
        customId,
        settlement: { error: { type: 'batch_canceled', message: `batch ${batchId} was canceled before this request was processed`, requestId: batchId } },
      };
    default: {
      const type = typeof result.type === 'string' ? `a result of type ${JSON.stringify(result.type)}` : 'a result without a type';
      return {
        customId,
        settlement: {
          error: {
            type: 'batch_unknown_result',
            message: redact(`batch ${batchId} answered this request with ${type}, which this promptgate does not know how to read`),
            requestId: batchId,
          },
        },
      };
    }
  }
}

/**
 * The API nests the error in an envelope, `{type: 'error', error: {type, message}, request_id}`
 * (the SDK's ErrorResponse); lines without it, `{type, message}`, have been seen too. Either reads.
 */
function erroredOf(raw: unknown, batchId: string): RunError {
  const outer = isObject(raw) ? raw : {};
  const inner = isObject(outer.error) ? outer.error : outer;
  const type = typeof inner.type === 'string' && inner.type !== 'error' ? inner.type : 'batch_errored';
  const message = typeof inner.message === 'string' ? inner.message : 'the API gave no error message';
  const requestId = typeof outer.request_id === 'string' ? outer.request_id : batchId;
  return { type, message: redact(`${message} (batch ${batchId})`), requestId };
}

function bad(message: string, batchId: string): Settlement {
  return { error: { type: 'batch_bad_result', message: redact(message), requestId: batchId } };
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
