import type Anthropic from '@anthropic-ai/sdk';
import { sampleFromSchema } from './schema-sample.ts';
import type { Reply, Responder, SimRequest } from './types.ts';

/** A tool result the conversation holds, with the call it answers. */
export interface SeenResult {
  name: string;
  input: unknown;
  content: string;
  isError: boolean;
}

/** The next call an agent makes, given the results so far; undefined: it answers. */
export type AgentPlan = { name: string; input?: unknown }[] | ((seen: SeenResult[], request: SimRequest) => { name: string; input?: unknown } | undefined);

/**
 * An agent as the API runs one: it calls the app's tools one step at a time and, once its plan has
 * the results it needs, answers in text naming each result (an `is_error` one marked `error`), so a
 * test can see what the model was sent. Stateless: how far it got is read from the `tool_result`
 * blocks the conversation holds, so any run of the same requests agrees. A call's input defaults to
 * a sample of the tool's `input_schema`.
 */
export function toolAgentResponder(plan: AgentPlan): Responder {
  return (request): Reply => {
    const seen = resultsIn(request);
    const next = typeof plan === 'function' ? plan(seen, request) : plan[seen.length];
    if (next) {
      const tool = (request.tools ?? []).find((t) => 'name' in t && t.name === next.name) as Anthropic.Tool | undefined;
      return { content: [{ type: 'tool_use', name: next.name, input: next.input ?? (tool?.input_schema ? sampleFromSchema(tool.input_schema) : {}) }] };
    }
    const said = seen.map((r) => `${r.name}${r.isError ? ' error' : ''}: ${r.content}`).join('; ');
    return `Done. ${said || 'No tools needed.'}`;
  };
}

function resultsIn(request: SimRequest): SeenResult[] {
  const calls = new Map<string, { name: string; input: unknown }>();
  const seen: SeenResult[] = [];
  for (const m of request.messages) {
    if (!Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (b.type === 'tool_use') calls.set(b.id, { name: b.name, input: b.input });
      if (b.type === 'tool_result') {
        const call = calls.get(b.tool_use_id);
        const content = typeof b.content === 'string' ? b.content : (b.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('');
        seen.push({ name: call?.name ?? '?', input: call?.input, content, isError: b.is_error === true });
      }
    }
  }
  return seen;
}
