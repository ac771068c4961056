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

/**
 * The shortest prefix a model caches, from the prompt caching page (written here apart from
 * schema/prices.json): 4,096 tokens for Opus 4.5 to 4.7 and Haiku 4.5, else 1,024 at least.
 */
function cacheMinimum(model: string): number {
  return /^claude-(opus-4-[567]|haiku-4-5)/.test(model) ? 4096 : 1024;
}

/**
 * What a request writes to the cache (the simulator keeps no cache, so every marked prefix is a write):
 * the prompt (tools, then system, then messages) up to its last `cache_control` block, or all of it
 * with a top-level `cache_control` (automatic caching). The part up to the last 1-hour breakpoint is
 * a 1-hour write, the rest a 5-minute one. Nothing is written below the model's minimum.
 */
export function cacheWrites(params: InputParams & { model: string; cache_control?: unknown }): {
  ephemeral_5m_input_tokens: number;
  ephemeral_1h_input_tokens: number;
} {
  const none = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 };
  const blocks: { chars: number; control?: { ttl?: string } | undefined }[] = [];
  for (const tool of params.tools ?? [])
    blocks.push({ chars: JSON.stringify(tool).length, control: (tool as { cache_control?: { ttl?: string } }).cache_control ?? undefined });
  const push = (content: unknown) => {
    if (typeof content === 'string') return void blocks.push({ chars: content.length });
    for (const block of Array.isArray(content) ? content : []) {
      blocks.push({
        chars: block?.type === 'text' && typeof block.text === 'string' ? block.text.length : JSON.stringify(block).length,
        control: block?.cache_control ?? undefined,
      });
    }
  };
  push(params.system);
  for (const message of params.messages ?? []) push(message.content);
  const auto = params.cache_control as { ttl?: string } | null | undefined;
  if (auto && blocks.length) blocks[blocks.length - 1] = { ...blocks.at(-1)!, control: auto };
  let chars = 0;
  let upTo1h = 0;
  let upToLast = 0;
  for (const block of blocks) {
    chars += block.chars;
    if (!block.control) continue;
    upToLast = chars;
    if (block.control.ttl === '1h') upTo1h = chars;
  }
  const total = countInputTokens(params);
  const written = Math.min(total, upToLast ? tokensFor(upToLast) : 0);
  if (written < cacheMinimum(params.model)) return none;
  const hour = Math.min(written, upTo1h ? tokensFor(upTo1h) : 0);
  return { ephemeral_5m_input_tokens: written - hour, ephemeral_1h_input_tokens: hour };
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
    return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
  }
  return '';
}

/** Stats key of a request: the last user text, or `sha256:<16 hex>` of it when longer than 200 chars. */
export function promptKey(params: Pick<Anthropic.MessageCreateParams, 'messages'>): string {
  const text = lastUserText(params);
  if (text.length <= 200) return text;
  return 'sha256:' + createHash('sha256').update(text).digest('hex').slice(0, 16);
}
