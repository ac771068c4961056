import type Anthropic from '@anthropic-ai/sdk';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request being answered. `headersFor` adds what every response carries (request-id, rate-limit state). */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** Called once with the status as the head is written: counts it and returns the common headers. */
  headersFor: (status: number) => Record<string, string>;
  /** What a gateway in front sets (null: drops) on every response, over the simulator's own (`gatewayHeaders`). */
  gateway: Record<string, string | null>;
}

export function sendJson(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  const text = JSON.stringify(body);
  ex.res.writeHead(status, {
    ...throughGateway({ ...ex.headersFor(status), ...headers }, ex.gateway),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  ex.res.end(text);
}

/** `headers` as they leave a gateway that sets (or, with null, drops) `gateway`'s. */
export function throughGateway(headers: Record<string, string>, gateway: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = { ...headers };
  for (const [name, value] of Object.entries(gateway)) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
}

export function sendError(
  ex: Exchange,
  status: number,
  type: Anthropic.ErrorType | 'request_too_large',
  message: string,
  headers: Record<string, string> = {},
): void {
  const body: Anthropic.ErrorResponse = {
    type: 'error',
    error: { type, message } as Anthropic.ErrorResponse['error'],
    request_id: ex.requestId,
  };
  sendJson(ex, status, body, headers);
}

/** The error types the API gives these statuses. */
export const ERROR_TYPE_FOR: Record<number, Anthropic.ErrorType> = {
  500: 'api_error',
  529: 'overloaded_error',
  429: 'rate_limit_error',
  400: 'invalid_request_error',
};

/** Whole seconds (rounded up) and ms, as the API and the SDK's retry logic read them. */
export function retryAfterHeaders(waitMs: number): Record<string, string> {
  const ms = Math.max(1, Math.ceil(waitMs));
  return { 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(ms) };
}

/** The API's request size limits (https://platform.claude.com/docs/en/api/errors): 32 MB, a batch's create 256 MB. */
export const MAX_BODY_BYTES = { default: 32 * 1024 * 1024, batchCreate: 256 * 1024 * 1024 } as const;

export class BodyTooLarge extends Error {}

/** Reads the whole body, refusing more than `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLarge(`request body exceeds ${maxBytes} bytes`);
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}
