/**
 * What a cassette must hold to be replayed: a hand-edited recording flows into verdicts, costs and
 * reports, so a malformed one becomes an errored case naming the file, not a crash or a pass.
 *
 * Checked by hand, not with a JSON Schema: this runs on every replayed call, and it
 * checks what promptgate and the SDK read, leaving the rest of the API's shapes free to grow.
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a problem quotes it: JSON, cut short. */
function shown(v: Json): string {
  const text = v === undefined ? 'nothing' : (JSON.stringify(v) ?? typeof v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class Problems {
  readonly list: string[] = [];
  add(path: string, rule: string, value: Json): void {
    this.list.push(`${path} must be ${rule}, got ${shown(value)}`);
  }
  /** `v` at `path` is a whole number of tokens (the API never sends fractions or negatives). */
  count(path: string, v: Json, optional = false): void {
    if (optional && (v === undefined || v === null)) return;
    if (!Number.isSafeInteger(v) || (v as number) < 0) this.add(path, 'a non-negative integer', v);
  }
  string(path: string, v: Json, optional = false): void {
    if (optional && (v === undefined || v === null)) return;
    if (typeof v !== 'string') this.add(path, 'a string', v);
  }
}

function checkUsage(p: Problems, path: string, u: Json, partial: boolean): void {
  if (!isObject(u)) return p.add(path, 'an object', u);
  p.count(`${path}.input_tokens`, u.input_tokens, partial);
  p.count(`${path}.output_tokens`, u.output_tokens, partial);
  p.count(`${path}.cache_creation_input_tokens`, u.cache_creation_input_tokens, true);
  p.count(`${path}.cache_read_input_tokens`, u.cache_read_input_tokens, true);
  if (u.cache_creation !== undefined && u.cache_creation !== null) {
    if (!isObject(u.cache_creation)) return p.add(`${path}.cache_creation`, 'an object or null', u.cache_creation);
    p.count(`${path}.cache_creation.ephemeral_5m_input_tokens`, u.cache_creation.ephemeral_5m_input_tokens);
    p.count(`${path}.cache_creation.ephemeral_1h_input_tokens`, u.cache_creation.ephemeral_1h_input_tokens);
  }
}

/** A refusal's details reach every report (reporters/reasons.ts refusalText): strings or null, nothing else. */
function checkStopDetails(p: Problems, path: string, d: Json): void {
  if (d === undefined || d === null) return;
  if (!isObject(d)) return p.add(path, 'an object or null', d);
  p.string(`${path}.category`, d.category, true);
  p.string(`${path}.explanation`, d.explanation, true);
}

/** Block types promptgate reads are checked field by field; others need only a type, so new ones replay. */
function checkBlock(p: Problems, path: string, b: Json): void {
  if (!isObject(b)) return p.add(path, 'a content block (an object)', b);
  if (typeof b.type !== 'string') return p.add(`${path}.type`, 'a string', b.type);
  if (b.type === 'text') p.string(`${path}.text`, b.text);
  if (b.type === 'thinking') p.string(`${path}.thinking`, b.thinking);
  if (b.type === 'tool_use') {
    p.string(`${path}.id`, b.id);
    p.string(`${path}.name`, b.name);
    if (!isObject(b.input)) p.add(`${path}.input`, 'an object', b.input);
  }
}

function checkMessage(p: Problems, path: string, m: Json, streamed: boolean): void {
  if (!isObject(m)) return p.add(path, 'a message (an object)', m);
  if (m.type !== 'message') p.add(`${path}.type`, '"message"', m.type);
  if (m.role !== 'assistant') p.add(`${path}.role`, '"assistant"', m.role);
  p.string(`${path}.id`, m.id);
  if (typeof m.model !== 'string' || m.model === '') p.add(`${path}.model`, 'a model name', m.model);
  if (!Array.isArray(m.content)) p.add(`${path}.content`, 'a list of content blocks', m.content);
  else m.content.forEach((b, i) => checkBlock(p, `${path}.content[${i}]`, b));
  p.string(`${path}.stop_reason`, m.stop_reason, true);
  p.string(`${path}.stop_sequence`, m.stop_sequence, true);
  checkStopDetails(p, `${path}.stop_details`, m.stop_details);
  // message_start carries usage so far; the rest comes in message_delta.
  checkUsage(p, `${path}.usage`, m.usage, streamed);
}

function checkEvents(p: Problems, path: string, events: Json): void {
  if (!Array.isArray(events)) return p.add(path, 'a list of stream events', events);
  events.forEach((e, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(e) || typeof e.type !== 'string') return p.add(at, 'a stream event (an object with a type)', e);
    if (e.type === 'message_start') checkMessage(p, `${at}.message`, e.message, true);
    if (e.type === 'content_block_start') checkBlock(p, `${at}.content_block`, e.content_block);
    if (e.type === 'content_block_delta' && (!isObject(e.delta) || typeof e.delta.type !== 'string'))
      p.add(`${at}.delta`, 'a delta (an object with a type)', e.delta);
    if (e.type === 'message_delta') {
      checkUsage(p, `${at}.usage`, e.usage, true);
      if (isObject(e.delta)) checkStopDetails(p, `${at}.delta.stop_details`, e.delta.stop_details);
    }
  });
}

/** What is wrong with a parsed cassette of this version, at most `max` problems; empty when nothing is. */
export function cassetteProblems(data: Record<string, Json>, max = 3): string[] {
  const p = new Problems();
  p.string('key', data.key);
  p.string('recorded_at', data.recorded_at);
  p.string('request_id', data.request_id, true);
  p.string('api_version', data.api_version, true);
  if (typeof data.latency_ms !== 'number' || !Number.isFinite(data.latency_ms) || data.latency_ms < 0)
    p.add('latency_ms', 'a non-negative number', data.latency_ms);
  if (!isObject(data.request)) p.add('request', 'an object', data.request);
  if (!isObject(data.response)) {
    p.add('response', 'an object', data.response);
  } else {
    checkMessage(p, 'response.message', data.response.message, false);
    if (data.response.events !== undefined) checkEvents(p, 'response.events', data.response.events);
  }
  const more = p.list.length - max;
  return more > 0 ? [...p.list.slice(0, max), `${more} more`] : p.list;
}
