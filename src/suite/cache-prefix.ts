/**
 * Prompt caching: marks the prefix every case of a suite shares (tools, then system) with
 * `cache_control`, so live runs pay cache reads (0.1x) instead of full input for it.
 * It changes the request, so it is decided when the suite loads: replay and record agree.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { minCacheablePrefix } from '../pricing/price-table.ts';

/** Below the smallest prefix any current model caches (Haiku: 2,048 tokens), marking costs a write for nothing. */
const AUTO_MIN_TOKENS = 2048;
/** A rough count (about 4 characters a token) is enough to decide whether to mark. */
const CHARS_PER_TOKEN = 4;

export interface CachedPrefix {
  request: Anthropic.MessageCreateParamsNonStreaming;
  /** Where promptgate added a 5-minute `cache_control` of its own; absent when the request is sent as written. */
  added?: 'system' | 'tools';
}

export function withCachedPrefix(request: Anthropic.MessageCreateParamsNonStreaming, cache: boolean | undefined): CachedPrefix {
  const { tools, system } = request;
  if (cache === false || (!tools?.length && !system)) return { request };
  const tokens = cache === undefined ? (JSON.stringify(tools ?? []).length + JSON.stringify(system ?? '').length) / CHARS_PER_TOKEN : Infinity;
  // Too short for any model to cache (the usual prefix): sent as written whatever else it holds.
  if (tokens < AUTO_MIN_TOKENS) return { request };
  // A request that places its own cache_control is sent as written: a mark added here would replace
  // its TTL, or could make a fifth breakpoint or put a 5-minute one ahead of its 1-hour one (both 400s).
  if (writesCacheControl(request)) return { request };
  if (tokens < Math.max(AUTO_MIN_TOKENS, minCacheablePrefix(request.model))) return { request };
  const mark = { cache_control: { type: 'ephemeral' as const } };
  // One breakpoint at the end of the shared prefix caches everything before it.
  if (system) {
    const blocks: Anthropic.TextBlockParam[] = typeof system === 'string' ? [{ type: 'text', text: system }] : system;
    return { request: { ...request, system: [...blocks.slice(0, -1), { ...blocks.at(-1)!, ...mark }] }, added: 'system' };
  }
  return { request: { ...request, tools: [...tools!.slice(0, -1), { ...tools!.at(-1)!, ...mark } as Anthropic.ToolUnion] }, added: 'tools' };
}

/** Whether the request carries a `cache_control` anywhere: top level, tools, system or message blocks. */
function writesCacheControl(request: Anthropic.MessageCreateParamsNonStreaming): boolean {
  const { messages, system, tools } = request;
  const marked = (x: unknown) => typeof x === 'object' && x !== null && (x as { cache_control?: unknown }).cache_control !== undefined;
  const blocks = [...(Array.isArray(system) ? system : []), ...(tools ?? []), ...messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []))];
  return marked(request) || blocks.some(marked);
}
