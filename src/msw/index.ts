/**
 * promptgate/msw: msw handlers for testing an app's own Claude calls, with the real SDK.
 *
 *   const server = setupServer(claude.reply('Hello!'));
 *   server.use(claude.toolUse('classify_ticket', { category: 'billing' }));
 *   server.use(claude.error(429, { retryAfter: 1, once: true }));
 */
import { importMsw } from '../transport/msw-peer.ts';

// msw is an optional peer: the modules that import it statically load only once it is found.
await importMsw('promptgate/msw');
export const { cassette, countTokens, error, expectRequest, json, reply, sequence, stream, toolUse } = await import('./claude.ts');
export const claude = { reply, toolUse, json, stream, cassette, error, countTokens, expectRequest, sequence } as const;

export type { CassetteOptions, ReplyOptions, ReplySource } from './claude.ts';
export type { ApiErrorOptions } from './api-errors.ts';
export type { ClaudeHandler, HandlerOptions } from './handler.ts';
export type { MessageOptions, ReplyBlock, ReplyContent } from './message.ts';
export type { RequestExpectation, RequestPredicate } from './request-check.ts';
export type { StreamErrorEvent, StreamEvent } from './stream.ts';
export { buildMessage } from './message.ts';
export const { errorResponse, messageResponse, sseResponse, streamEventsOf } = await import('./responses.ts');
