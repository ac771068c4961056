import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keyChecker, readAuth } from './auth.ts';
import { handleBatchCancel, handleBatchCreate, handleBatchList, handleBatchResults, handleBatchRetrieve } from './batches-route.ts';
import { createBatchStore } from './batches.ts';
import type { SimConfig, SimContext, SimState } from './context.ts';
import { defaultResponder } from './default-responder.ts';
import { countInputTokens } from './tokens.ts';
import { faultPicker } from './faults.ts';
import { createIds } from './ids.ts';
import { handleCountTokens, handleMessages } from './messages-route.ts';
import { createPrng } from './prng.ts';
import { createTokenBucket, createTokenLimits } from './rate-limit.ts';
import { BodyTooLarge, MAX_BODY_BYTES, readBody, sendError, throughGateway, type Exchange } from './respond.ts';
import { matchRoute, type Route } from './routes.ts';
import { bump, emptyStats, snapshot } from './stats.ts';
import type { Simulator, SimulatorOptions } from './types.ts';

/** Starts the simulator on 127.0.0.1 at a free port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = resolve(options);
  const closingController = new AbortController();
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const freshState = (): SimState => {
    const nextId = createIds();
    return {
      stats: emptyStats(),
      log: [],
      random: createPrng(config.seed),
      bucket: config.rpm === undefined ? undefined : createTokenBucket(config.rpm, config.burst, config.now()),
      tokenLimits: createTokenLimits({ itpm: config.itpm, otpm: config.otpm }, config.now()),
      nextId,
      batches: createBatchStore({
        now: config.now,
        delayMs: config.batchDelayMs,
        resultsBase: url,
        outcome: config.batchOutcome,
        responder: config.responder,
        nextId,
      }),
      requestNumber: 0,
      messageNumber: 0,
    };
  };
  const ctx: SimContext = { config, url, state: freshState(), inFlight: 0, closing: closingController.signal };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('error', () => {}); // a client that hangs up mid-answer is normal here, not a crash
    handle(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`simulator error: ${String(error)}`);
      } else {
        res.destroy();
      }
    });
  });

  let closed: Promise<void> | undefined;
  return {
    url,
    get stats() {
      return snapshot({ ...ctx.state.stats, inFlight: ctx.inFlight });
    },
    get requests() {
      return structuredClone(ctx.state.log);
    },
    reset() {
      ctx.state = freshState();
      ctx.state.stats.maxInFlight = ctx.inFlight;
      ctx.state.stats.inFlight = ctx.inFlight;
    },
    close() {
      closed ??= new Promise<void>((done) => {
        closingController.abort();
        server.close(() => done());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function resolve(o: SimulatorOptions): SimConfig {
  if (o.rpm !== undefined && !(o.rpm > 0)) throw new RangeError(`rpm must be > 0, got ${o.rpm}`);
  if (o.maxConcurrent !== undefined && !(o.maxConcurrent >= 1)) {
    throw new RangeError(`maxConcurrent must be >= 1, got ${o.maxConcurrent}`);
  }
  const latency = o.latencyMs ?? 0;
  return {
    responder: o.responder ?? defaultResponder,
    countTokens: o.countTokens ?? countInputTokens,
    countTokensLatencyMs: o.countTokensLatencyMs ?? 0,
    checkKey: keyChecker(o.apiKey),
    rpm: o.rpm,
    itpm: o.itpm,
    otpm: o.otpm,
    burst: o.burst ?? Math.max(1, (o.rpm ?? 60) / 60),
    rateLimitHeaders: o.rateLimitHeaders ?? true,
    gatewayHeaders: o.gatewayHeaders ?? {},
    maxConcurrent: o.maxConcurrent ?? Infinity,
    latencyMs: typeof latency === 'function' ? latency : () => latency,
    pickFault: faultPicker(o.faults),
    faultRetryAfterMs: o.faultRetryAfterMs,
    faultShouldRetry: o.faultShouldRetry,
    faultMessage: o.faultMessage,
    seed: o.seed ?? 1,
    batchOutcome: o.batchOutcome ?? (() => 'succeeded'),
    batchDelayMs: o.batchDelayMs ?? 0,
    keepRequests: o.keepRequests ?? 1000,
    now: o.now ?? Date.now,
  };
}

async function handle(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const state = ctx.state;
  const { stats } = state;
  const n = ++state.requestNumber;
  stats.requests++;
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', ctx.url).pathname;
  const route = matchRoute(method, path);
  bump(stats.byRoute, route?.name ?? 'unknown');
  bump(stats.byApiVersion, String(req.headers['anthropic-version'] ?? 'none'));
  bump(stats.bySdkVersion, String(req.headers['x-stainless-package-version'] ?? 'none'));
  const ex: Exchange = {
    req,
    res,
    requestId: state.nextId('req'),
    headersFor: (status) => {
      bump(stats.byStatus, String(status));
      const limits = ctx.config.rateLimitHeaders ? { ...state.bucket?.headers(ctx.config.now()), ...state.tokenLimits?.headers(ctx.config.now()) } : {};
      return throughGateway({ 'request-id': ex.requestId, ...limits }, ctx.config.gatewayHeaders);
    },
    gateway: ctx.config.gatewayHeaders,
  };

  // The key is checked here and goes no further: only its kind is counted and logged.
  const auth = readAuth(req.headers);
  stats.auth[auth.kind]++;
  const keyOk = auth.key !== undefined && ctx.config.checkKey(auth.key);

  let body: unknown;
  let badJson = false;
  if (method === 'POST') {
    try {
      const text = await readBody(req, route?.name === 'POST /v1/messages/batches' ? MAX_BODY_BYTES.batchCreate : MAX_BODY_BYTES.default);
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        badJson = true;
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendError(ex, 413, 'request_too_large', error.message);
      return; // the client went away mid-body
    }
  }
  const retry = Number(req.headers['x-stainless-retry-count']);
  state.log.push({ n, method, path, body, auth: auth.kind, retryCount: Number.isInteger(retry) ? retry : null });
  if (state.log.length > ctx.config.keepRequests) state.log.shift();

  if (auth.kind === 'none') return sendError(ex, 401, 'authentication_error', 'x-api-key header is required');
  if (!keyOk) return sendError(ex, 401, 'authentication_error', 'invalid x-api-key');
  if (!route) return sendError(ex, 404, 'not_found_error', `Not found: ${method} ${path}`);
  if (badJson) return sendError(ex, 400, 'invalid_request_error', 'Request body is not valid JSON.');
  return dispatch(ctx, ex, route, body);
}

function dispatch(ctx: SimContext, ex: Exchange, route: Route, body: unknown): void | Promise<void> {
  switch (route.name) {
    case 'POST /v1/messages':
      return handleMessages(ctx, ex, body);
    case 'POST /v1/messages/count_tokens':
      return handleCountTokens(ctx, ex, body);
    case 'POST /v1/messages/batches':
      return handleBatchCreate(ctx, ex, body);
    case 'GET /v1/messages/batches':
      return handleBatchList(ctx, ex);
    case 'GET /v1/messages/batches/:id':
      return handleBatchRetrieve(ctx, ex, route.id);
    case 'GET /v1/messages/batches/:id/results':
      return handleBatchResults(ctx, ex, route.id);
    case 'POST /v1/messages/batches/:id/cancel':
      return handleBatchCancel(ctx, ex, route.id);
  }
}
