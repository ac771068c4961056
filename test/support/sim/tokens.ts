import { createHash } from 'node:crypto';
import type Anthropic from '@anthropic-ai/sdk';
import type { ReplyBlock } from './types.ts';

type InputParams = Pick<Anthropic.MessageCountTokensParams, 'messages' | 'system' | 'tools'>;

/** Deterministic stand-in for the tokenizer: ceil(chars / 4), at least 1. */
export function tokensFor(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

/**
 * Input tokens of a request, the same for /v1/messages usage and count_tokens:
 * chars of the system text, of each message's text (non-text blocks count as their JSON),
 * and of the tools' JSON.
 */
export function countInputTokens(params: InputParams): number {
  let chars = contentChars(params.system);
  for (const message of params.messages ?? []) chars += contentChars(message.content);
  if (params.tools?.length) chars += JSON.stringify(params.tools).length;
  return tokensFor(chars);
}

/** Output tokens of reply content: text, thinking, and a tool call's name plus input JSON (a server tool's result is input, not output). */
export function countOutputTokens(content: readonly ReplyBlock[]): number {
  let chars = 0;
  for (const block of content) {
    if (block.type === 'text') chars += block.text.length;
    else if (block.type === 'thinking') chars += block.thinking.length;
    else if (block.type !== 'web_search_tool_result') chars += block.name.length + JSON.stringify(block.input ?? {}).length;
  }
  return tokensFor(chars);
}

function contentChars(content: unknown): number {
  if (content == null) return 0;
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return JSON.stringify(content).length;
  let chars = 0;
  for (const block of content) {
    chars += block?.type === 'text' && typeof block.text === 'string' ? block.text.length : JSON.stringify(block).length;
  }
  return chars;
}

/** The text of the last user message (text blocks joined with "\n"), or "" when there is none. */
export function lastUserText(params: Pick<Anthropic.MessageCreateParams, 'messages'>): string {
  const messages = Array.isArray(params.messages) ? params.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (!Array.isArray(message.content)) return '';
    return message.content
      .flatMap((block) => (block.type === 'text' ? [block.text] : []))
      .join('\n');
  }
  return '';
}

/** Stats key of a request: the last user text, or `sha256:<16 hex>` of it when longer than 200 chars. */
export function promptKey(params: Pick<Anthropic.MessageCreateParams, 'messages'>): string {
  const text = lastUserText(params);
  if (text.length <= 200) return text;
  return 'sha256:' + createHash('sha256').update(text).digest('hex').slice(0, 16);
}
