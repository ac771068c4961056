import type Anthropic from '@anthropic-ai/sdk';
import { sampleFromSchema } from './schema-sample.ts';
import { lastUserText } from './tokens.ts';
import type { Reply, ReplyBlock, SimRequest } from './types.ts';

/**
 * Deterministic from the request:
 * - `tool_choice: {type:'tool', name}` calls that tool; `{type:'any'}` calls the first tool;
 * - with `tool_choice` auto (or unset), a tool whose name occurs in the last user message
 *   (case-insensitive; `_` may be written as a space) is called;
 * - otherwise the text `Echo: <last user message>`, cut to 200 chars.
 * Tool input comes from the tool's `input_schema` (see `sampleFromSchema`). With `thinking`
 * enabled or adaptive, a thinking block comes first.
 */
export function defaultResponder(request: SimRequest): Reply {
  const text = lastUserText(request);
  const content: ReplyBlock[] = [];
  if (request.thinking && request.thinking.type !== 'disabled') {
    content.push({ type: 'thinking', thinking: `Considering: ${text.slice(0, 80)}` });
  }
  const tool = chooseTool(request, text);
  if (tool) content.push({ type: 'tool_use', name: tool.name, input: sampleFromSchema(tool.input_schema) });
  else content.push({ type: 'text', text: text ? `Echo: ${text.slice(0, 200)}` : 'Hello from the simulator.' });
  return { content };
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
