import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import type { SimContext } from './context.ts';
import { buildMessage } from './message.ts';
import { ERROR_TYPE_FOR, retryAfterHeaders, sendError, sendJson, type Exchange } from './respond.ts';
import { messageEvents, sseFrame } from './sse.ts';
import { bump } from './stats.ts';
import { promptKey } from './tokens.ts';
import type { SimRequest } from './types.ts';
import { refused } from './refuse.ts';

/** POST /v1/messages: validation, limits, faults, latency, then the responder's message as JSON or SSE. */
export async function handleMessages(ctx: SimContext, ex: Exchange, body: unknown): Promise<void> {
  const { config } = ctx;
  const state = ctx.state;
  const { stats } = state;
  if (refused(ctx, ex, body, 'messages')) return;
  const request = body as SimRequest;
  const key = promptKey(request);
  bump(stats.promptAttempts, key);

  stats.maxInFlight = Math.max(stats.maxInFlight, ctx.inFlight + 1);
  if (ctx.inFlight >= config.maxConcurrent) {
    stats.rateLimited++;
    return sendError(ex, 429, 'rate_limit_error', `Number of concurrent requests exceeds the limit of ${config.maxConcurrent}.`, retryAfterHeaders(1000));
  }
  const taken = state.bucket?.take(config.now());
  if (taken && !taken.ok) {
    stats.rateLimited++;
    return sendError(ex, 429, 'rate_limit_error', `Number of requests exceeds the rate limit of ${config.rpm} per minute.`, retryAfterHeaders(taken.waitMs));
  }
  const fits = state.tokenLimits?.admit(config.now(), config.countTokens(request));
  if (fits && !fits.ok) {
    stats.rateLimited++;
    return sendError(
      ex,
      429,
      'rate_limit_error',
      `Number of input tokens exceeds the rate limit of ${config.itpm} per minute.`,
      retryAfterHeaders(fits.waitMs),
    );
  }

  if (ex.res.destroyed) return; // the client already left; its 'close' may have fired before we listen
  ctx.inFlight++;
  stats.inFlight = ctx.inFlight;
  let open = true;
  const gone = new AbortController();
  ex.res.once('close', () => {
    open = false;
    ctx.inFlight--;
    stats.inFlight = ctx.inFlight;
    gone.abort();
  });

  state.messageNumber++;
  const fault = config.pickFault(state.messageNumber, request, state.random);
  if (fault !== undefined) {
    stats.faultsInjected++;
    bump(stats.faults, String(fault));
  }
  if (fault === 'stall') return; // the socket stays open until the client gives up or close() destroys it

  const delay = config.latencyMs(request);
  if (delay > 0) {
    try {
      await sleep(delay, undefined, { signal: AbortSignal.any([gone.signal, ctx.closing]) });
    } catch {
      return; // the client left, or the simulator is closing
    }
  }
  if (!open) return;

  if (fault === 'reset') {
    ex.req.socket.destroy();
    return;
  }
  if (fault === 500 || fault === 529 || fault === 429 || fault === 400) return sendFault(ctx, ex, fault);

  let message: Anthropic.Message;
  try {
    const reply = await config.responder(request);
    message = buildMessage(request, reply, { message: state.nextId('msg'), toolUse: () => state.nextId('toolu') });
  } catch (error) {
    return sendError(ex, 500, 'api_error', `simulator responder failed: ${(error as Error)?.message ?? String(error)}`);
  }
  if (!open) return;
  state.tokenLimits?.charge(config.now(), message.usage.output_tokens);

  const onServed = () => {
    stats.served++;
    bump(stats.promptServed, key);
  };
  if (request.stream) return stream(ex, message, fault === 'truncated-stream', onServed);
  if (fault === 'truncated-stream') return truncateJson(ex, message);
  ex.res.once('finish', onServed);
  sendJson(ex, 200, message);
}

function sendFault(ctx: SimContext, ex: Exchange, fault: 500 | 529 | 429 | 400): void {
  const { faultRetryAfterMs, faultShouldRetry, faultMessage } = ctx.config;
  const should = faultShouldRetry === undefined ? {} : { 'x-should-retry': String(faultShouldRetry) };
  if (fault === 429) {
    // One token's interval when a bucket exists: what a real 429 would ask the client to wait.
    const waitMs = faultRetryAfterMs ?? ctx.state.bucket?.intervalMs ?? 1000;
    return sendError(ex, 429, 'rate_limit_error', faultMessage ?? 'Rate limited (injected fault).', { ...retryAfterHeaders(waitMs), ...should });
  }
  const message =
    faultMessage ??
    (fault === 529 ? 'Overloaded (injected fault).' : fault === 400 ? 'Invalid request (injected fault).' : 'Internal server error (injected fault).');
  const headers = faultRetryAfterMs === undefined ? {} : retryAfterHeaders(faultRetryAfterMs);
  sendError(ex, fault, ERROR_TYPE_FOR[fault]!, message, { ...headers, ...should });
}

/** The API's SSE sequence; `truncate` sends about half the frames, then drops the connection mid-body. */
function stream(ex: Exchange, message: Anthropic.Message, truncate: boolean, onServed: () => void): void {
  const frames = messageEvents(message).map(sseFrame);
  ex.res.writeHead(200, {
    ...ex.headersFor(200),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  if (truncate) {
    const cut = Math.min(frames.length - 2, Math.max(2, Math.floor(frames.length / 2)));
    ex.res.write(frames.slice(0, cut).join(''), () => dropAfterFlush(ex));
    return;
  }
  ex.res.once('finish', onServed);
  for (const frame of frames) ex.res.write(frame);
  ex.res.end();
}

/** Non-streaming truncation: promise the whole length, send half, drop the connection. */
function truncateJson(ex: Exchange, message: Anthropic.Message): void {
  const text = JSON.stringify(message);
  ex.res.writeHead(200, {
    ...ex.headersFor(200),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  ex.res.write(text.slice(0, Math.floor(text.length / 2)), () => dropAfterFlush(ex));
}

function dropAfterFlush(ex: Exchange): void {
  setImmediate(() => ex.req.socket.destroy());
}

/** POST /v1/messages/count_tokens: the same count that messages' usage.input_tokens reports. */
export async function handleCountTokens(ctx: SimContext, ex: Exchange, body: unknown): Promise<void> {
  if (refused(ctx, ex, body, 'count_tokens')) return;
  if (ctx.config.countTokensLatencyMs > 0) {
    const gone = new AbortController();
    ex.res.once('close', () => gone.abort());
    try {
      await sleep(ctx.config.countTokensLatencyMs, undefined, { signal: AbortSignal.any([gone.signal, ctx.closing]) });
    } catch {
      return; // the client left, or the simulator is closing
    }
  }
  const count: Anthropic.MessageTokensCount = { input_tokens: ctx.config.countTokens(body as Anthropic.MessageCountTokensParams) };
  sendJson(ex, 200, count);
}
