/**
 * Whole `Anthropic.Message`s from what a test author has in mind ("it answers 'Hello'", "it calls
 * classify_ticket"), with plausible usage so an app's cost or logging code sees real-looking numbers.
 */
import { createHash } from 'node:crypto';
import type Anthropic from '@anthropic-ai/sdk';

/** A block of a mocked answer: the SDK's block shapes without what the API fills in (ids, citations, caller). */
export type ReplyBlock =
  | Pick<Anthropic.TextBlock, 'type' | 'text'>
  | (Pick<Anthropic.ToolUseBlock, 'type' | 'name' | 'input'> & { id?: string })
  | (Pick<Anthropic.ThinkingBlock, 'type' | 'thinking'> & { signature?: string });

/** Text (one text block), blocks, or a whole message served as it is. */
export type ReplyContent = string | ReplyBlock[] | Anthropic.Message;

export interface MessageOptions {
  /** Default: the model the request asked for. */
  model?: string | undefined;
  /** Default: `tool_use` when a tool is called, else `end_turn`. */
  stopReason?: Anthropic.StopReason | undefined;
  stopSequence?: string | null | undefined;
  /** Overrides the estimated usage (about 4 characters a token). */
  usage?: Partial<Anthropic.Usage> | undefined;
  /** Default: a stable id derived from the content. */
  id?: string | undefined;
}

function isMessage(content: unknown): content is Anthropic.Message {
  return typeof content === 'object' && content !== null && !Array.isArray(content) && (content as { type?: unknown }).type === 'message';
}

export function buildMessage(content: ReplyContent, params: Partial<Anthropic.MessageCreateParams>, options: MessageOptions = {}): Anthropic.Message {
  if (isMessage(content)) return content;
  const blocks: ReplyBlock[] = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  const body = canonical(blocks);
  const outputChars = blocks.reduce(
    (n, b) => n + (b.type === 'text' ? b.text.length : b.type === 'thinking' ? b.thinking.length : b.name.length + JSON.stringify(b.input ?? {}).length),
    0,
  );
  return {
    id: options.id ?? `msg_mock_${digest(body)}`,
    type: 'message',
    role: 'assistant',
    model: options.model ?? params.model ?? 'claude-mock',
    content: blocks.map(toContentBlock),
    stop_reason: options.stopReason ?? (blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
    stop_sequence: options.stopSequence ?? null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: tokens(JSON.stringify([params.system ?? '', params.tools ?? [], params.messages ?? []]).length),
      output_tokens: tokens(outputChars),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      output_tokens_details: null,
      speed: 'standard',
      ...options.usage,
    },
  };
}

function toContentBlock(block: ReplyBlock): Anthropic.ContentBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text, citations: null };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature ?? `sig_mock_${digest(block.thinking)}` };
    case 'tool_use':
      // Stable ids, so snapshots of an app's tool loop do not change run to run.
      return {
        type: 'tool_use',
        id: block.id ?? `toolu_mock_${digest(canonical([block.name, block.input]))}`,
        name: block.name,
        input: block.input ?? {},
        caller: { type: 'direct' },
      };
  }
}

function tokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

function canonical(value: unknown): string {
  return JSON.stringify(value);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}
