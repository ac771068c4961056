/**
 * The one shape every kit handler has: an msw `http.post` handler for the Messages API on any host
 * that keeps the requests it saw, checks them when asked, then answers; the answer part is kept apart
 * so `sequence` and `expectRequest` can compose handlers.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { apiErrorResponse } from './api-errors.ts';
import { requestMismatches, type RequestExpectation, type RequestPredicate } from './request-check.ts';

export interface HandlerOptions {
  /**
   * Where the app's client points (`baseURL` / `ANTHROPIC_BASE_URL`). Default: any host, so the
   * real API, a gateway or a local proxy all match.
   */
  baseUrl?: string | undefined;
  /** Answer one request, then let later requests fall through to other handlers (msw's `once`). */
  once?: boolean | undefined;
  /** Check the request first; a mismatch is answered with a 400 that says what differed. */
  expect?: RequestExpectation | RequestPredicate | undefined;
}

/** An msw handler that also keeps every request body it received, and the checks that failed. */
export type ClaudeHandler<P = Anthropic.MessageCreateParams> = HttpHandler & {
  readonly requests: P[];
  readonly mismatches: string[];
};

/** Answers a parsed request; `undefined` lets msw try the next handler. */
export type Answer<P = Anthropic.MessageCreateParams> = (params: P, request: Request) => Response | undefined | Promise<Response | undefined>;

export type Route = 'messages' | 'count_tokens';

const answers = new WeakMap<HttpHandler, Answer<any>>();

export function claudeHandler<P = Anthropic.MessageCreateParams>(route: Route, answer: Answer<P>, options: HandlerOptions = {}): ClaudeHandler<P> {
  const requests: P[] = [];
  const mismatches: string[] = [];
  // Composed handlers (sequence, expectRequest) call this, so a mismatch is kept by each handler it passes.
  const respond: Answer<P> = async (params, request) => {
    requests.push(params);
    try {
      const problems = options.expect ? await requestMismatches(options.expect, params as Anthropic.MessageCreateParams, request) : [];
      if (problems.length) throw new RequestMismatch(problems);
      return await answer(params, request);
    } catch (e) {
      if (e instanceof RequestMismatch) mismatches.push(...e.problems);
      throw e;
    }
  };
  const handler = http.post(
    urlFor(route, options.baseUrl),
    async ({ request }) => {
      let params: P;
      try {
        // A clone: a handler that falls through must leave the body for the next one.
        params = (await request.clone().json()) as P;
      } catch {
        return apiErrorResponse(400, { message: 'promptgate/msw: the request body is not JSON' });
      }
      try {
        return await respond(params, request);
      } catch (e) {
        if (e instanceof RequestMismatch) return mismatchResponse(e.problems);
        throw e;
      }
    },
    { once: options.once ?? false },
  );
  answers.set(handler, respond);
  return Object.assign(handler, { requests, mismatches });
}

/**
 * Thrown by an answer for a request it cannot answer (no recording, a sequence run out): the
 * handler keeps it in `mismatches`, for apps that turn API errors into something quieter.
 */
export class RequestMismatch extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.problems = problems;
  }
}

/** The answer part of a kit handler, for composing; throws for a handler the kit did not make. */
export function answerOf<P>(handler: HttpHandler, caller: string): Answer<P> {
  const answer = answers.get(handler);
  if (!answer) throw new TypeError(`${caller} takes handlers made by promptgate/msw (claude.reply, claude.toolUse, ...), not a plain msw handler`);
  return answer;
}

/**
 * A 400 the SDK does not retry, so a wrong request fails the test at once. A top-level `message`
 * beside the API's envelope makes the SDK use it as the error's message, not escaped JSON.
 */
function mismatchResponse(problems: string[]): Response {
  const message = `promptgate/msw: the request did not match what the test expects:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
  return HttpResponse.json(
    { type: 'error', error: { type: 'invalid_request_error', message }, message, request_id: 'req_promptgate_mock' },
    { status: 400, headers: { 'x-should-retry': 'false', 'request-id': 'req_promptgate_mock' } },
  );
}

function urlFor(route: Route, baseUrl: string | undefined): string {
  const path = route === 'messages' ? '/v1/messages' : '/v1/messages/count_tokens';
  return baseUrl ? baseUrl.replace(/\/+$/, '') + path : `*${path}`;
}
