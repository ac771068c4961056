/**
 * The simulator's verdict on a request, as the API would give it: the version header, the body's
 * shape, the version's rules, the model, then the model's rules (api-rules.ts). One pure function,
 * so the HTTP routes and a grid test ask the same question.
 */
import { API_VERSIONS, EFFORT_ORDER, modelRules, type ApiVersion, type Effort, type ModelRules, type ThinkingType } from './api-rules.ts';

export type Endpoint = 'messages' | 'count_tokens' | 'batches';

export type Verdict =
  { status: 200 } | { status: 400; type: 'invalid_request_error'; message: string } | { status: 404; type: 'not_found_error'; message: string };

export interface VerdictOptions {
  /** Which route the body is for. Default `messages`; `batches` takes `{ requests: [...] }`. */
  endpoint?: Endpoint;
  /** The day (YYYY-MM-DD, UTC) a retirement is judged on. Default: today. */
  day?: string;
}

/**
 * What the API answers to `body` sent with `headers` (any case; only `anthropic-version` is read):
 * 200, a 400 `invalid_request_error`, or a 404 `not_found_error`, with the API's message.
 * Auth is not judged here (the HTTP route answers 401 before this).
 */
export function simulatorVerdict(headers: Record<string, string | string[] | undefined>, body: unknown, options: VerdictOptions = {}): Verdict {
  const version = readVersion(headers);
  if ('message' in version) return bad(version.message);
  const day = options.day ?? new Date().toISOString().slice(0, 10);
  if (options.endpoint === 'batches') return batchVerdict(body, version.version, day);
  return paramsVerdict(body, version.version, day, options.endpoint === 'count_tokens' ? 'count_tokens' : 'messages');
}

function readVersion(headers: Record<string, string | string[] | undefined>): { version: ApiVersion } | { message: string } {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'anthropic-version');
  const raw = key === undefined ? undefined : headers[key];
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (value === undefined || value === '') return { message: 'anthropic-version: header is required' };
  if (!Object.hasOwn(API_VERSIONS, value)) return { message: `anthropic-version: ${JSON.stringify(value)} is not a valid version` };
  return { version: value as ApiVersion };
}

const bad = (message: string): Verdict => ({ status: 400, type: 'invalid_request_error', message });

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** A batch is judged whole: the first bad request refuses the create call, under the call's own version. */
function batchVerdict(body: unknown, version: ApiVersion, day: string): Verdict {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return bad('requests: at least one request is required');
  const seen = new Map<string, number>();
  for (const [i, entry] of requests.entries()) {
    const e = entry as { custom_id?: unknown; params?: unknown } | null;
    const id = e?.custom_id;
    if (typeof id !== 'string' || !CUSTOM_ID.test(id)) {
      return bad(`requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    }
    const first = seen.get(id);
    if (first !== undefined) return bad(`requests.${i}.custom_id: duplicate custom_id '${id}' (first at requests.${first})`);
    seen.set(id, i);
    const verdict = paramsVerdict(e?.params, version, day, 'messages', `requests.${i}.params.`);
    if (verdict.status !== 200) return verdict;
  }
  return { status: 200 };
}

type Body = Record<string, unknown>;
type Message = { role?: unknown; content?: unknown };
type Block = { type?: unknown; citations?: unknown };

function paramsVerdict(body: unknown, version: ApiVersion, day: string, endpoint: 'messages' | 'count_tokens', at = ''): Verdict {
  const shape = shapeProblem(body, at, endpoint === 'messages');
  if (shape) return bad(shape);
  const b = body as Body;
  const versioned = versionProblem(b, version, at);
  if (versioned) return bad(versioned);
  const found = modelRules(b.model as string);
  if (!found || (found.rules.retiredAfter && day > found.rules.retiredAfter.day)) {
    return { status: 404, type: 'not_found_error', message: `model: ${b.model as string}` };
  }
  // count_tokens generates nothing: only the body's shape, the version and the model are judged.
  if (endpoint === 'count_tokens') return { status: 200 };
  const problem = modelProblem(b, found.rules, at);
  return problem ? bad(problem) : { status: 200 };
}

/** The checks the API's schema makes whatever the version or model, in its `field: problem` style. */
function shapeProblem(body: unknown, at: string, needMaxTokens: boolean): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `${at || 'body'}: Input should be an object`;
  const b = body as Body;
  if (typeof b.model !== 'string' || !b.model) return `${at}model: Field required`;
  if (needMaxTokens && !(Number.isInteger(b.max_tokens) && (b.max_tokens as number) >= 1)) {
    return `${at}max_tokens: Input should be an integer >= 1`;
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0) return `${at}messages: at least one message is required`;
  for (const [i, message] of b.messages.entries()) {
    const m = message as Message | null;
    if (!m || typeof m !== 'object' || !['user', 'assistant', 'system'].includes(String(m.role))) {
      return `${at}messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) return `${at}messages.${i}.content: Field required`;
    for (const [j, block] of (Array.isArray(m.content) ? m.content : []).entries()) {
      const problem = sourceProblem(block, `${at}messages.${i}.content.${j}`);
      if (problem) return problem;
    }
  }
  const pairing = toolPairingProblem(b.messages as Message[], at);
  if (pairing) return pairing;
  if (b.tools !== undefined && !Array.isArray(b.tools)) return `${at}tools: Input should be a valid list`;
  if (typeof b.temperature === 'number' && (b.temperature < 0 || b.temperature > 1)) return `${at}temperature: Input should be between 0 and 1`;
  if (typeof b.top_p === 'number' && (b.top_p < 0 || b.top_p > 1)) return `${at}top_p: Input should be between 0 and 1`;
  const thinking = b.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking?.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (!Number.isInteger(budget) || (budget as number) < 1024) return `${at}thinking.enabled.budget_tokens: Input should be greater than or equal to 1024`;
    if (needMaxTokens && (budget as number) >= (b.max_tokens as number)) return `${at}max_tokens: must be greater than thinking.budget_tokens`;
  }
  return undefined;
}

/**
 * The API pairs an app's tool calls with their results: every `tool_use` of an assistant turn (one
 * the request does not end with) needs a `tool_result` in the very next user turn, and every
 * `tool_result` answers a `tool_use` of the turn just before it.
 */
function toolPairingProblem(messages: Message[], at: string): string | undefined {
  const blocks = (m: Message | undefined, type: string, key: 'id' | 'tool_use_id') =>
    Array.isArray(m?.content) ? (m.content as Record<string, unknown>[]).flatMap((b, j) => (b?.type === type ? [{ id: String(b[key]), j }] : [])) : [];
  for (const [i, m] of messages.entries()) {
    if (m.role === 'user') {
      const calls = new Set(messages[i - 1]?.role === 'assistant' ? blocks(messages[i - 1], 'tool_use', 'id').map((c) => c.id) : []);
      const stray = blocks(m, 'tool_result', 'tool_use_id').find((r) => !calls.has(r.id));
      if (stray)
        return `${at}messages.${i}.content.${stray.j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    if (m.role === 'assistant' && i < messages.length - 1) {
      const answered = new Set(blocks(messages[i + 1], 'tool_result', 'tool_use_id').map((r) => r.id));
      const missing = blocks(m, 'tool_use', 'id').filter((c) => !answered.has(c.id));
      if (missing.length)
        return `${at}messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.map((c) => c.id).join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.toString('latin1', 0, 4) === 'GIF8',
  'image/webp': (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 1024).includes('%PDF-'),
};

/**
 * A base64 image or document the API would refuse: a media type it does not take, or bytes that are
 * not what the media type says (the API reads the bytes too). A text document must say text/plain.
 */
function sourceProblem(block: unknown, where: string): string | undefined {
  const { type, source } = (block ?? {}) as { type?: unknown; source?: { type?: unknown; media_type?: unknown; data?: unknown } };
  if ((type !== 'image' && type !== 'document') || !source || typeof source !== 'object') return undefined;
  const at = `${where}.${type}.source.${String(source.type)}`;
  if (source.type === 'text')
    return type === 'document' && source.media_type === 'text/plain' && typeof source.data === 'string'
      ? undefined
      : `${at}.media_type: Input should be 'text/plain'`;
  if (source.type !== 'base64') return undefined;
  const types = type === 'image' ? IMAGE_TYPES : ['application/pdf'];
  if (!types.includes(String(source.media_type))) return `${at}.media_type: Input should be ${types.map((t) => `'${t}'`).join(', ')}`;
  if (typeof source.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(source.data) || source.data.length % 4 !== 0) return `${at}.data: invalid base64 data`;
  const bytes = Buffer.from(source.data, 'base64');
  if (!MAGIC[source.media_type as string]!(bytes)) return `${where}.${type}.source.${source.type}: the data is not a valid ${String(source.media_type)} file`;
  return undefined;
}

/** What the header's version refuses whatever the model (API_VERSIONS). */
function versionProblem(b: Body, version: ApiVersion, at: string): string | undefined {
  const rules = API_VERSIONS[version];
  if (rules.samplingRemoved) {
    for (const key of SAMPLING) if (b[key] !== undefined) return `${at}${key}: Extra inputs are not permitted`;
  }
  for (const [i, message] of (b.messages as Message[]).entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [j, block] of (message.content as Block[]).entries()) {
      const where = `${at}messages.${i}.content.${j}`;
      if (rules.assistantDocuments && message.role === 'assistant' && block?.type === 'document') {
        return `${where}: document blocks are not permitted in assistant messages`;
      }
      if (rules.userCitations && message.role === 'user' && block?.type === 'text' && Array.isArray(block.citations) && block.citations.length > 0) {
        return `${where}.citations: citations are not permitted on text blocks in user messages`;
      }
    }
  }
  return undefined;
}

const SAMPLING = ['temperature', 'top_p', 'top_k'] as const;
/** The API's default temperature: sending it changes nothing, so models that refuse sampling accept it. */
const DEFAULT_TEMPERATURE = 1;

/** What the model refuses (MODELS), in the order a request's fields are usually written. */
function modelProblem(b: Body, rules: ModelRules, at: string): string | undefined {
  const { rejects } = rules;
  if (rejects.sampling) {
    for (const key of SAMPLING) {
      if (b[key] === undefined || (key === 'temperature' && b[key] === DEFAULT_TEMPERATURE)) continue;
      return `${at}${key} is deprecated for this model.`;
    }
  }
  if (rejects.samplingPair && b.temperature !== undefined && b.top_p !== undefined) {
    return `${at}temperature and top_p cannot both be specified for this model. Please use only one.`;
  }

  const max = rules.maxOutput?.tokens;
  if (max !== undefined && (b.max_tokens as number) > max) {
    return `${at}max_tokens: ${b.max_tokens as number} > ${max}, which is the maximum allowed number of output tokens for ${b.model as string}`;
  }

  const effortAsked = (b.output_config as { effort?: unknown } | undefined)?.effort;
  if (effortAsked !== undefined) {
    if (!rules.effort) return `${at}output_config.effort: effort is not supported for this model`;
    if (!rules.effort.levels.includes(effortAsked as Effort)) {
      return `${at}output_config.effort: Input should be ${rules.effort.levels.map((l) => `'${l}'`).join(', ')}`;
    }
  }
  const effort = (effortAsked as Effort | undefined) ?? rules.effort?.default;

  const thinkingType = (b.thinking as { type?: unknown } | undefined)?.type as ThinkingType | undefined;
  if (thinkingType !== undefined) {
    const { thinking } = rules;
    if (!thinking.types.includes(thinkingType)) {
      const instead = thinking.types.includes('adaptive')
        ? thinkingType === 'disabled' && thinking.types.includes('between_tools')
          ? 'Use "thinking.type.between_tools" to turn off up-front thinking.'
          : 'Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.'
        : 'Use "thinking.type.enabled" with "budget_tokens".';
      return `${at}"thinking.type.${thinkingType}" is not supported for this model. ${instead}`;
    }
    const cap = thinkingType === 'disabled' ? thinking.disabledUpTo : thinkingType === 'between_tools' ? thinking.betweenToolsUpTo : undefined;
    if (cap && effort && EFFORT_ORDER.indexOf(effort) > EFFORT_ORDER.indexOf(cap)) {
      const when = thinkingType === 'disabled' ? 'when thinking is disabled on this model' : 'with "thinking.type.between_tools" on this model';
      return `${at}output_config.effort '${effort}' is not supported ${when}. Use effort '${cap}' or below, or enable thinking.`;
    }
  }

  const choice = (b.tool_choice as { type?: unknown } | undefined)?.type;
  const forced = choice === 'any' || choice === 'tool';
  if (forced && rejects.forcedToolChoice) {
    return `${at}tool_choice: "tool_choice.type.${choice}" is not supported for this model. Use "tool_choice.type.auto" and ask for the tool in the prompt.`;
  }
  if (forced && thinkingType === 'enabled') return `${at}Thinking may not be enabled when tool_choice forces tool use.`;
  // Adaptive thinking too: the API's 400 for Sonnet 4.6, quoted in dotCipher/opencode-claude-bridge#1 (2026-03-23).
  if ((thinkingType === 'enabled' || thinkingType === 'adaptive') && b.temperature !== undefined && b.temperature !== DEFAULT_TEMPERATURE) {
    return `${at}temperature may only be set to 1 when thinking is enabled or in adaptive mode.`;
  }

  const messages = b.messages as Message[];
  const last = messages.at(-1)!;
  if (last.role !== 'assistant') return undefined;
  // A paused server-tool turn sent back to continue it (stop_reason pause_turn) is no prefill: the
  // server tools page says to send it back unchanged, with no user turn after it, on any model.
  if (Array.isArray(last.content) && (last.content as Block[]).some((b) => b?.type === 'server_tool_use')) return undefined;
  if (rejects.assistantPrefill) return `${at}Prefilling assistant messages is not supported for this model.`;
  // Where prefill is taken: not with manual thinking (the turn must open with a thinking block), nor ending in whitespace.
  const blocks = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : (last.content as (Block & { text?: unknown })[]);
  const first = blocks[0]?.type;
  if (thinkingType === 'enabled' && first !== 'thinking' && first !== 'redacted_thinking') {
    return `${at}messages.${messages.length - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
  }
  const text = blocks.at(-1)?.text;
  if (typeof text === 'string' && /\s$/.test(text)) return `${at}messages: final assistant content cannot end with trailing whitespace`;
  return undefined;
}
