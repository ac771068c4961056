import { createHash } from 'node:crypto';
import type Anthropic from '@anthropic-ai/sdk';
import { cacheWrites, countInputTokens, countOutputTokens } from './tokens.ts';
import type { Reply, ReplyBlock, SimRequest } from './types.ts';

export interface MessageIds {
  message: string;
  toolUse: () => string;
}

/** The whole `Anthropic.Message` the API would return for `request` when the model answers `reply`. */
export function buildMessage(
  request: Pick<SimRequest, 'model' | 'max_tokens' | 'messages' | 'system' | 'tools' | 'stop_sequences' | 'cache_control'>,
  reply: Reply,
  ids: MessageIds,
  serviceTier: 'standard' | 'batch' = 'standard',
): Anthropic.Message {
  const { blocks, stop_reason, stop_sequence } = settle(request, reply);
  const writes = cacheWrites(request);
  const written = writes.ephemeral_5m_input_tokens + writes.ephemeral_1h_input_tokens;
  const thinkingChars = blocks.reduce((n, b) => n + (b.type === 'thinking' ? b.thinking.length : 0), 0);
  const serverIds = serverToolIds(ids);
  return {
    id: ids.message,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: blocks.map((block) => toContentBlock(block, ids, serverIds)),
    stop_reason,
    stop_sequence,
    stop_details: typeof reply === 'string' ? null : (reply.stop_details ?? null),
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: countInputTokens(request) - written,
      output_tokens: countOutputTokens(blocks),
      cache_creation_input_tokens: written,
      cache_read_input_tokens: 0,
      cache_creation: writes,
      server_tool_use: serverToolUsage(blocks),
      service_tier: serviceTier,
      inference_geo: null,
      output_tokens_details: thinkingChars ? { thinking_tokens: Math.ceil(thinkingChars / 4) } : null,
      speed: 'standard',
    },
  };
}

interface Settled {
  blocks: ReplyBlock[];
  stop_reason: Anthropic.StopReason;
  stop_sequence: string | null;
}

/** Applies what the API would: stop sequences, then the max_tokens cut, then the natural stop reason. */
function settle(request: Pick<SimRequest, 'max_tokens' | 'stop_sequences'>, reply: Reply): Settled {
  const spec = typeof reply === 'string' ? { content: reply } : reply;
  const blocks: ReplyBlock[] = typeof spec.content === 'string' ? [{ type: 'text', text: spec.content }] : [...spec.content];
  if (spec.stop_reason) {
    return { blocks, stop_reason: spec.stop_reason, stop_sequence: spec.stop_sequence ?? null };
  }
  const stopped = cutAtStopSequence(blocks, request.stop_sequences ?? []);
  if (stopped) return { blocks: stopped.blocks, stop_reason: 'stop_sequence', stop_sequence: stopped.sequence };
  const maxChars = request.max_tokens * 4;
  if (countOutputTokens(blocks) > request.max_tokens) {
    return { blocks: cutToChars(blocks, maxChars), stop_reason: 'max_tokens', stop_sequence: null };
  }
  const calls = blocks.some((b) => b.type === 'tool_use');
  return { blocks, stop_reason: calls ? 'tool_use' : 'end_turn', stop_sequence: null };
}

function cutAtStopSequence(blocks: ReplyBlock[], sequences: string[]) {
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.type !== 'text') continue;
    let best: { at: number; sequence: string } | undefined;
    for (const sequence of sequences) {
      const at = sequence ? block.text.indexOf(sequence) : -1;
      if (at >= 0 && (!best || at < best.at)) best = { at, sequence };
    }
    if (best) {
      return { blocks: [...blocks.slice(0, i), { type: 'text' as const, text: block.text.slice(0, best.at) }], sequence: best.sequence };
    }
  }
  return undefined;
}

/** Keeps blocks in order within `budget` chars (as countOutputTokens counts them); a tool call is kept whole or dropped. */
function cutToChars(blocks: ReplyBlock[], budget: number): ReplyBlock[] {
  const kept: ReplyBlock[] = [];
  let left = budget;
  for (const block of blocks) {
    if (block.type === 'web_search_tool_result') {
      kept.push(block);
      continue;
    }
    if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      const size = block.name.length + JSON.stringify(block.input ?? {}).length;
      if (size > left) break;
      kept.push(block);
      left -= size;
      continue;
    }
    const body = block.type === 'text' ? block.text : block.thinking;
    if (body.length <= left) {
      kept.push(block);
      left -= body.length;
      continue;
    }
    kept.push(block.type === 'text' ? { ...block, text: body.slice(0, left) } : { ...block, thinking: body.slice(0, left) });
    break;
  }
  return kept;
}

/** `usage.server_tool_use` as the API counts it: the searches and fetches the turn ran; null with none. */
function serverToolUsage(blocks: ReplyBlock[]): Anthropic.ServerToolUsage | null {
  const count = (name: string) => blocks.filter((b) => b.type === 'server_tool_use' && b.name === name).length;
  if (!blocks.some((b) => b.type === 'server_tool_use')) return null;
  return { web_search_requests: count('web_search'), web_fetch_requests: count('web_fetch') };
}

/** Server tool ids (`srvtoolu_…`), and the last server call's: a result block answers it. */
function serverToolIds(ids: MessageIds): { next: (given?: string) => string; last: string } {
  const state = { last: '', next: (given?: string) => (state.last = given ?? 'srv' + ids.toolUse()) };
  return state;
}

function toContentBlock(block: ReplyBlock, ids: MessageIds, server: ReturnType<typeof serverToolIds>): Anthropic.ContentBlock {
  switch (block.type) {
    case 'server_tool_use':
      return { type: 'server_tool_use', id: server.next(block.id), name: block.name, input: block.input ?? {}, caller: { type: 'direct' } };
    case 'web_search_tool_result':
      return { type: 'web_search_tool_result', tool_use_id: block.tool_use_id ?? server.last, content: block.content, caller: { type: 'direct' } };
    case 'text':
      return { type: 'text', text: block.text, citations: null };
    case 'thinking':
      return {
        type: 'thinking',
        thinking: block.thinking,
        signature: block.signature ?? 'sig_' + createHash('sha256').update(block.thinking).digest('hex').slice(0, 32),
      };
    case 'tool_use':
      return { type: 'tool_use', id: block.id ?? ids.toolUse(), name: block.name, input: block.input ?? {}, caller: { type: 'direct' } };
  }
}
