/**
 * Checks on what an app sends: a partial request to compare with, or a predicate. Each mismatch
 * is a line that names the field, what was expected and what was sent.
 */
import { isDeepStrictEqual } from 'node:util';
import type Anthropic from '@anthropic-ai/sdk';

type Params = Anthropic.MessageCreateParams;

/**
 * What the request must hold. Strings compare exactly and RegExps must match; `system` and `prompt`
 * compare as text (blocks joined); `tools` names tools that must be offered (others may be too);
 * any other request field (max_tokens, tool_choice, temperature, stream, ...) must deep-equal.
 */
export type RequestExpectation = {
  model?: string | RegExp;
  system?: string | RegExp;
  /** The text of the last user message. */
  prompt?: string | RegExp;
  tools?: string[];
} & Partial<Omit<Anthropic.MessageCreateParamsNonStreaming, 'model' | 'system' | 'tools' | 'stream'>> & { stream?: boolean };

/**
 * `false` or a string (the reason) fails; throwing fails with the error's message, so
 * `expect(...)` works inside; anything else passes.
 */
export type RequestPredicate = (params: Params, request: Request) => unknown;

export async function requestMismatches(check: RequestExpectation | RequestPredicate, params: Params, request: Request): Promise<string[]> {
  if (typeof check === 'function') {
    try {
      const verdict = await check(params, request);
      if (verdict === false) return ['the request did not satisfy the predicate'];
      if (typeof verdict === 'string') return [verdict];
      return [];
    } catch (e) {
      return [e instanceof Error ? e.message : String(e)];
    }
  }
  const problems: string[] = [];
  for (const [key, want] of Object.entries(check)) {
    if (want === undefined) continue;
    if (key === 'model') problems.push(...text('model', want as string | RegExp, params.model));
    else if (key === 'system') problems.push(...text('system', want as string | RegExp, textOf(params.system)));
    else if (key === 'prompt') problems.push(...text('prompt (last user message)', want as string | RegExp, lastUserText(params)));
    else if (key === 'tools') {
      const offered = (params.tools ?? []).map((t) => ('name' in t ? String(t.name) : t.type));
      const missing = (want as string[]).filter((n) => !offered.includes(n));
      if (missing.length) problems.push(`tools: expected ${missing.join(', ')} to be offered; offered: ${offered.length ? offered.join(', ') : '(no tools)'}`);
    } else {
      const got = (params as unknown as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(got, want)) problems.push(`${key}: expected ${show(want)}, received ${show(got)}`);
    }
  }
  return problems;
}

function text(field: string, want: string | RegExp, got: string | undefined): string[] {
  if (got === undefined) return [`${field}: expected ${show(want)}, but the request has none`];
  const ok = typeof want === 'string' ? got === want : want.test(got);
  return ok ? [] : [`${field}: expected ${typeof want === 'string' ? show(want) : `to match ${want}`}, received ${show(got)}`];
}

function textOf(content: string | Array<{ type: string; text?: string }> | undefined): string | undefined {
  if (content === undefined || typeof content === 'string') return content;
  return content.flatMap((b) => (b.type === 'text' && b.text !== undefined ? [b.text] : [])).join('');
}

function lastUserText(params: Params): string | undefined {
  const last = params.messages?.findLast((m) => m.role === 'user');
  return last ? textOf(last.content as Parameters<typeof textOf>[0]) : undefined;
}

function show(value: unknown): string {
  if (value instanceof RegExp) return String(value);
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
