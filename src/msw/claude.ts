/**
 * The kit's builders. Each returns an msw handler for `POST <any host>/v1/messages` (or count_tokens) to
 * pass to `setupServer(...)` or `server.use(...)`. Replies answer in the form the request asks
 * for: JSON, or SSE frames when the app streams (`stream: true`, `messages.stream()`).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Anthropic from '@anthropic-ai/sdk';
import type { HttpHandler } from 'msw';
import { apiErrorResponse, type ApiErrorOptions } from './api-errors.ts';
import { findCassette, loadCassettes } from './cassette-reply.ts';
import { answerOf, claudeHandler, RequestMismatch, type Answer, type ClaudeHandler, type HandlerOptions } from './handler.ts';
import { buildMessage, type MessageOptions, type ReplyBlock, type ReplyContent } from './message.ts';
import { type RequestExpectation, type RequestPredicate } from './request-check.ts';
import { messageResponse, streamEventsOf } from './responses.ts';
import { chunkEvents, streamResponse, type StreamEvent } from './stream.ts';

type Params = Anthropic.MessageCreateParams;

export interface ReplyOptions extends HandlerOptions, MessageOptions {
  /** Force SSE (`true`) or JSON (`false`). Default: as the request asks (`stream: true` gets SSE). */
  stream?: boolean | undefined;
  /** Characters per text/JSON delta when streaming. Default 16. */
  chunkSize?: number | undefined;
  /** Pause between SSE frames. Default 0. */
  delayMs?: number | undefined;
  /** The `request-id` response header (the SDK's `_request_id`). */
  requestId?: string | undefined;
}

/** Content, or a function of the request for answers that depend on what was asked. */
export type ReplySource = ReplyContent | ((params: Params, request: Request) => ReplyContent | Promise<ReplyContent>);

/** Answers with text (`'Hello'`), blocks, or a whole `Anthropic.Message`. */
export function reply(content: ReplySource, options: ReplyOptions = {}): ClaudeHandler {
  return claudeHandler(
    'messages',
    async (params, request) => {
      const message = buildMessage(typeof content === 'function' ? await content(params, request) : content, params, options);
      return serve(message, params, options);
    },
    options,
  );
}

/** Answers with a call to tool `name`; `text` puts a text block before it, as Claude often does. */
export function toolUse(name: string, input: Record<string, unknown>, options: ReplyOptions & { text?: string; id?: string } = {}): ClaudeHandler {
  const { text, ...rest } = options;
  const blocks: ReplyBlock[] = [...(text ? [{ type: 'text' as const, text }] : []), { type: 'tool_use', name, input }];
  return reply(blocks, rest);
}

/** Answers with `value` as JSON text (indented by `indent` spaces; fenced in ```json when `fenced`). */
export function json(value: unknown, options: ReplyOptions & { indent?: number; fenced?: boolean } = {}): ClaudeHandler {
  const { indent, fenced, ...rest } = options;
  const body = JSON.stringify(value, null, indent);
  return reply(fenced ? '```json\n' + body + '\n```' : body, rest);
}

/**
 * Always answers as an SSE stream: from content (split into deltas) or from the exact events to
 * send, which may end early or carry an `error` event to test an app's handling of broken streams.
 */
export function stream(content: ReplyContent | StreamEvent[], options: Omit<ReplyOptions, 'stream'> = {}): ClaudeHandler {
  if (Array.isArray(content) && content.length > 0 && isEvent(content[0])) {
    const events = content as StreamEvent[];
    return claudeHandler('messages', () => streamResponse(events, options), options);
  }
  return reply(content as ReplyContent, { ...options, stream: true });
}

export interface CassetteOptions extends Omit<ReplyOptions, keyof MessageOptions> {
  /**
   * With a single file: also require the request to be the one recorded (else a 400 with the diff).
   * A folder always serves the cassette recorded for the exact request.
   */
  strict?: boolean;
}

/**
 * Answers from promptgate cassettes: a file (always that answer) or a folder such as `fixtures/<suite>/`,
 * as a path or a file URL (`new URL('../fixtures/triage', import.meta.url)`, which `.pathname` would
 * leave percent-encoded where the path has a space).
 */
export function cassette(given: string | URL, options: CassetteOptions = {}): ClaudeHandler {
  const fileOrDir = given instanceof URL ? fileURLToPath(given) : given;
  const loaded = loadCassettes(fileOrDir);
  const single = !statSync(fileOrDir).isDirectory();
  return claudeHandler(
    'messages',
    (params) => {
      const found = single && !options.strict ? loaded[0]! : findCassette(loaded, params);
      if ('problem' in found) throw new RequestMismatch([found.problem]);
      const { message, events } = found.cassette.response;
      const requestId = options.requestId ?? found.cassette.request_id;
      if (events && params.stream && options.stream !== false) return streamResponse(events, { delayMs: options.delayMs, requestId });
      return serve(message, params, { ...options, requestId });
    },
    options,
  );
}

/**
 * An API error the SDK turns into its typed error (RateLimitError, InternalServerError, ...).
 * 429, 529 and 5xx are retried by the SDK: pair with `once: true` and a reply to test recovery.
 */
export function error(status: number, options: ApiErrorOptions & HandlerOptions = {}): ClaudeHandler {
  return claudeHandler('messages', () => apiErrorResponse(status, options), options);
}

/** `POST /v1/messages/count_tokens`: a fixed count, or one computed from the request. */
export function countTokens(
  tokens: number | ((params: Anthropic.MessageCountTokensParams) => number | Promise<number>),
  options: HandlerOptions = {},
): ClaudeHandler<Anthropic.MessageCountTokensParams> {
  return claudeHandler<Anthropic.MessageCountTokensParams>(
    'count_tokens',
    async (params) => Response.json({ input_tokens: typeof tokens === 'function' ? await tokens(params) : tokens } satisfies Anthropic.MessageTokensCount),
    options,
  );
}

/**
 * Checks every request against `check`: a mismatch gets a 400 naming what differed. With `then`
 * (another kit handler) it answers too; without, a matching request falls through to the next handler.
 */
export function expectRequest(check: RequestExpectation | RequestPredicate, then?: HttpHandler, options: Omit<HandlerOptions, 'expect'> = {}): ClaudeHandler {
  const answer: Answer = then ? answerOf(then, 'claude.expectRequest') : () => undefined;
  return claudeHandler('messages', answer, { ...options, expect: check });
}

/** Answers successive requests with successive handlers (a tool loop: toolUse, then reply). */
export function sequence(...handlers: HttpHandler[]): ClaudeHandler {
  const steps = handlers.map((h) => answerOf<Params>(h, 'claude.sequence'));
  let next = 0;
  return claudeHandler('messages', (params, request) => {
    const step = steps[next++];
    if (!step) throw new RequestMismatch([`claude.sequence has ${steps.length} answer${steps.length === 1 ? '' : 's'}, and this is request ${next}`]);
    return step(params, request);
  });
}

function serve(message: Anthropic.Message, params: Params, options: ReplyOptions): Response {
  const streaming = options.stream ?? params.stream === true;
  if (!streaming) return messageResponse(message, options.requestId);
  return streamResponse(chunkEvents(streamEventsOf(message), options.chunkSize), options);
}

function isEvent(value: unknown): value is StreamEvent {
  const type = (value as { type?: unknown })?.type;
  return typeof type === 'string' && (type.startsWith('message_') || type.startsWith('content_block_') || type === 'ping' || type === 'error');
}
