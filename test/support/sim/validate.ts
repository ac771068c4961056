/**
 * The few checks the API makes that a client bug would trip, in the API's `field: problem` style.
 * Returns the first problem, or undefined when the body will do.
 */
export function messageParamsProblem(body: unknown, at = '', needMaxTokens = true): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `${at || 'body'}: Input should be an object`;
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || !b.model) return `${at}model: Field required`;
  if (needMaxTokens && !(Number.isInteger(b.max_tokens) && (b.max_tokens as number) >= 1)) {
    return `${at}max_tokens: Input should be an integer >= 1`;
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0) return `${at}messages: at least one message is required`;
  for (const [i, message] of b.messages.entries()) {
    const m = message as Record<string, unknown> | null;
    if (!m || typeof m !== 'object' || !['user', 'assistant', 'system'].includes(String(m.role))) {
      return `${at}messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) return `${at}messages.${i}.content: Field required`;
  }
  if (b.tools !== undefined && !Array.isArray(b.tools)) return `${at}tools: Input should be a valid list`;
  const choice = (b.tool_choice as { type?: unknown } | undefined)?.type;
  if ((choice === 'any' || choice === 'tool') && FORCED_TOOL_CHOICE_REJECTED.has(String(b.model))) {
    return `${at}tool_choice: "tool_choice.type.${choice}" is not supported for this model. Use "tool_choice.type.auto" and ask for the tool in the prompt.`;
  }
  return undefined;
}

/**
 * Models the API answers with a 400 when tool use is forced (tool_choice any or tool), as their
 * "what's new" pages say. Listed here, apart from schema/models.json, on purpose: the simulator
 * stands in for the API, so a test of promptgate's own table against it checks something.
 */
const FORCED_TOOL_CHOICE_REJECTED = new Set(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-fable-5-1', 'claude-mythos-5-1', 'claude-fable-5-2', 'claude-mythos-5-2']);

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Checks a batch create body: a non-empty `requests` list with unique, well-formed custom_ids and valid params. */
export function batchProblem(body: unknown): string | undefined {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return 'requests: at least one request is required';
  const seen = new Map<string, number>();
  for (const [i, entry] of requests.entries()) {
    const e = entry as { custom_id?: unknown; params?: unknown } | null;
    const id = e?.custom_id;
    if (typeof id !== 'string' || !CUSTOM_ID.test(id)) {
      return `requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    }
    const first = seen.get(id);
    if (first !== undefined) return `requests.${i}.custom_id: duplicate custom_id '${id}' (first at requests.${first})`;
    seen.set(id, i);
    const problem = messageParamsProblem(e?.params, `requests.${i}.params.`);
    if (problem) return problem;
  }
  return undefined;
}
