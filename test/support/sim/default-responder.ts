import type Anthropic from '@anthropic-ai/sdk';
import { sampleFromSchema } from './schema-sample.ts';
import { lastUserText } from './tokens.ts';
import type { Reply, ReplyBlock, Responder, SimRequest } from './types.ts';

/**
 * Deterministic from the request:
 * - `tool_choice: {type:'tool', name}` calls that tool; `{type:'any'}` calls the first tool;
 * - with `tool_choice` auto (or unset), a tool whose name occurs in the last user message
 *   (case-insensitive; `_` may be written as a space) is called;
 * - otherwise the text `Echo: <last user message>`, cut to 200 chars.
 * - with a web search server tool (`web_search_…`) and a last user message that says "search", one
 *   search the API runs itself (`server_tool_use`, `web_search_tool_result`, counted in
 *   `usage.server_tool_use.web_search_requests`), then the echo;
 * - a paused turn sent back (the request ends with an assistant turn whose last server tool call has
 *   no result yet) is continued: that call's result, then the echo, and the turn ends.
 * Tool input comes from the tool's `input_schema` (see `sampleFromSchema`). With `thinking`
 * enabled or adaptive, a thinking block comes first.
 */
export function defaultResponder(request: SimRequest): Reply {
  const text = lastUserText(request);
  const pending = pendingServerCall(request);
  if (pending) return { content: [searchResult(pending.query, pending.id), echo(text)] };
  const content: ReplyBlock[] = [];
  if (request.thinking && request.thinking.type !== 'disabled') {
    content.push({ type: 'thinking', thinking: `Considering: ${text.slice(0, 80)}` });
  }
  const tool = chooseTool(request, text);
  if (tool) content.push({ type: 'tool_use', name: tool.name, input: sampleFromSchema(tool.input_schema) });
  else if (hasWebSearch(request) && /search/i.test(text)) content.push(searchCall(text), searchResult(text), echo(text));
  else content.push(echo(text));
  return { content };
}

/**
 * Pauses every turn `pauses` times (`stop_reason: pause_turn`, a web search not yet run), as the API
 * pauses a long server-tool turn, then lets `inner` end it. Stateless: how far a turn got is read from
 * the turn the request sends back (its server tool calls), so any run of the same requests agrees.
 */
export function pausingResponder(pauses: number, inner: Responder = defaultResponder): Responder {
  return (request) => {
    const sentBack = trailingAssistantBlocks(request);
    const done = sentBack.filter((b) => b.type === 'server_tool_use').length;
    if (done >= pauses) return inner(request);
    const text = lastUserText(request);
    const pending = pendingServerCall(request);
    const content: ReplyBlock[] = pending ? [searchResult(pending.query, pending.id)] : [];
    content.push(searchCall(`${text} (${done + 1})`));
    return { content, stop_reason: 'pause_turn' };
  };
}

function echo(text: string): ReplyBlock {
  return { type: 'text', text: text ? `Echo: ${text.slice(0, 200)}` : 'Hello from the simulator.' };
}

function searchCall(query: string): ReplyBlock {
  return { type: 'server_tool_use', name: 'web_search', input: { query: query.slice(0, 100) } };
}

/** A search's result; `id` names the call it answers when that call was made in an earlier step. */
function searchResult(query: string, id?: string): ReplyBlock {
  const slug = encodeURIComponent(query.slice(0, 40).toLowerCase());
  return {
    type: 'web_search_tool_result',
    ...(id !== undefined ? { tool_use_id: id } : {}),
    content: [
      {
        type: 'web_search_result',
        title: `Result for ${query.slice(0, 60)}`,
        url: `https://example.com/search/${slug}`,
        encrypted_content: 'enc_sim',
        page_age: null,
      },
    ],
  };
}

function hasWebSearch(request: SimRequest): boolean {
  return (request.tools ?? []).some((t) => 'type' in t && typeof t.type === 'string' && t.type.startsWith('web_search_'));
}

/** The content of the assistant turn a request ends with (a paused turn sent back), else none. */
function trailingAssistantBlocks(request: SimRequest): { type: string; id?: string; tool_use_id?: string; input?: unknown }[] {
  const last = request.messages.at(-1);
  return last?.role === 'assistant' && Array.isArray(last.content) ? (last.content as { type: string }[]) : [];
}

/** The last server tool call in the turn sent back, if no result follows it. */
function pendingServerCall(request: SimRequest): { id: string; query: string } | undefined {
  const blocks = trailingAssistantBlocks(request);
  const at = blocks.findLastIndex((b) => b.type === 'server_tool_use');
  const call = blocks[at];
  if (!call || blocks.slice(at + 1).some((b) => b.tool_use_id === call.id)) return undefined;
  const query = (call.input as { query?: unknown } | undefined)?.query;
  return { id: call.id ?? '', query: typeof query === 'string' ? query : '' };
}

function chooseTool(request: SimRequest, text: string): Anthropic.Tool | undefined {
  const tools = (request.tools ?? []).filter((t): t is Anthropic.Tool => 'input_schema' in t);
  const choice = request.tool_choice;
  if (choice?.type === 'none' || tools.length === 0) return undefined;
  if (choice?.type === 'tool') return tools.find((t) => t.name === choice.name);
  if (choice?.type === 'any') return tools[0];
  const lower = text.toLowerCase();
  return tools.find((t) => {
    const name = t.name.toLowerCase();
    return lower.includes(name) || lower.includes(name.replaceAll('_', ' '));
  });
}
