import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { claude } from '../../src/msw/index.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const params: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'claude-haiku-4-5',
  max_tokens: 256,
  system: 'You triage support tickets for Acme.',
  tools: [{ name: 'classify_ticket', input_schema: { type: 'object' } }],
  messages: [{ role: 'user', content: 'I was charged twice' }],
};

describe('errors', () => {
  test('429 with retry-after: the SDK waits that long, retries once, and gets the reply', async () => {
    const limited = claude.error(429, { retryAfter: 1, once: true });
    const ok = claude.reply('recovered');
    server.use(limited, ok);
    const started = performance.now();
    const message = await new Anthropic({ apiKey: 'test', maxRetries: 1 }).messages.create(params);
    // Without the header the SDK's first backoff is at most 500 ms; a full second proves it read it.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(message.content[0]).toMatchObject({ text: 'recovered' });
    expect([limited.requests.length, ok.requests.length]).toEqual([1, 1]);
  });

  test('retry-after in seconds is sent as the header the SDK reads', async () => {
    server.use(claude.error(429, { retryAfter: 7 }));
    const error = await new Anthropic({ apiKey: 'test', maxRetries: 0 }).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  test.each([
    [529, 'overloaded_error', Anthropic.InternalServerError],
    [500, 'api_error', Anthropic.InternalServerError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [400, 'invalid_request_error', Anthropic.BadRequestError],
  ] as const)('%i is the SDK typed error with type %s', async (status, type, ErrorClass) => {
    server.use(claude.error(status));
    const error = await new Anthropic({ apiKey: 'test', maxRetries: 0 }).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, error: { type: 'error', error: { type } } });
  });

  test('a custom message and type reach the SDK error', async () => {
    server.use(claude.error(400, { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' }));
    await expect(new Anthropic({ apiKey: 'test', maxRetries: 0 }).messages.create(params)).rejects.toThrow(/prompt is too long/);
  });

  test('529 retried by the SDK until it gives up counts every attempt', async () => {
    const overloaded = claude.error(529, { retryAfterMs: 1 });
    server.use(overloaded);
    await expect(new Anthropic({ apiKey: 'test', maxRetries: 2 }).messages.create(params)).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    expect(overloaded.requests).toHaveLength(3);
  });
});

describe('request assertions', () => {
  const client = () => new Anthropic({ apiKey: 'test' }); // default retries: a mismatch must not be retried

  test('a matching request falls through to the next handler', async () => {
    const check = claude.expectRequest({
      model: 'claude-haiku-4-5',
      system: /triage/,
      tools: ['classify_ticket'],
      max_tokens: 256,
      prompt: 'I was charged twice',
    });
    server.use(check, claude.reply('fine'));
    expect((await client().messages.create(params)).content[0]).toMatchObject({ text: 'fine' });
    expect(check.requests).toHaveLength(1);
    expect(check.mismatches).toEqual([]);
  });

  test('a mismatch fails at once with every difference named', async () => {
    const check = claude.expectRequest({ model: 'claude-sonnet-5-5', system: 'Be brief.', tools: ['lookup_order'], tool_choice: { type: 'any' } });
    server.use(check, claude.reply('unreached'));
    const error = await client()
      .messages.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const message = (error as Error).message;
    expect(message).toContain('promptgate/msw: the request did not match what the test expects:');
    expect(message).toContain('- model: expected "claude-sonnet-5-5", received "claude-haiku-4-5"');
    expect(message).toContain('- system: expected "Be brief.", received "You triage support tickets for Acme."');
    expect(message).toContain('- tools: expected lookup_order to be offered; offered: classify_ticket');
    expect(message).toContain('- tool_choice: expected {"type":"any"}, received undefined');
    expect(check.requests).toHaveLength(1); // not retried
    expect(check.mismatches).toHaveLength(4);
  });

  test('a predicate may return false, a reason, or throw (expect() works inside)', async () => {
    server.use(claude.expectRequest(() => false, claude.reply('x')));
    await expect(client().messages.create(params)).rejects.toThrow(/the request did not satisfy the predicate/);
    server.resetHandlers();
    server.use(claude.expectRequest((p) => (p.max_tokens >= 1024 ? true : `max_tokens ${p.max_tokens} is too small for a summary`), claude.reply('x')));
    await expect(client().messages.create(params)).rejects.toThrow(/max_tokens 256 is too small for a summary/);
    server.resetHandlers();
    server.use(claude.expectRequest((p) => expect(p.model).toBe('claude-opus-4-1'), claude.reply('x')));
    await expect(client().messages.create(params)).rejects.toThrow(/expected 'claude-haiku-4-5' to be 'claude-opus-4-1'/);
  });

  test('expectRequest with an answer, and expect: on any reply, answer when the request matches', async () => {
    server.use(claude.expectRequest({ tools: ['classify_ticket'] }, claude.toolUse('classify_ticket', { category: 'billing' })));
    expect((await client().messages.create(params)).stop_reason).toBe('tool_use');
    server.resetHandlers(claude.reply('ok', { expect: { model: /^claude-haiku/ } }));
    expect((await client().messages.create(params)).content[0]).toMatchObject({ text: 'ok' });
    await expect(client().messages.create({ ...params, model: 'claude-opus-4-1' })).rejects.toThrow(
      /model: expected to match \/\^claude-haiku\/, received "claude-opus-4-1"/,
    );
  });

  test('system given as blocks and content given as blocks compare as text', async () => {
    server.use(claude.expectRequest({ system: 'Part one. Part two.', prompt: 'Hello' }, claude.reply('ok')));
    const message = await client().messages.create({
      ...params,
      system: [
        { type: 'text', text: 'Part one. ' },
        { type: 'text', text: 'Part two.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
    expect(message.content[0]).toMatchObject({ text: 'ok' });
  });
});
