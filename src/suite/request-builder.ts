/**
 * `request: { module: ../src/triage.ts, export: buildTriageRequest }`: the app's own function builds
 * each case's request (once per case, at load), so the gate tests what the app sends. Where it sets a
 * key it wins; the suite's and case's keys fill only what it leaves out.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { canonicalJson } from '../canonical-json.ts';
import { show } from '../assertions/show.ts';
import { NotSettled, lineIn, loadExport, refName, withinTime, type ModuleRef } from './app-module.ts';
import type { YamlPath } from './locate.ts';
import type { RequestDraft } from './model-rules.ts';
import type { CaseFile, SuiteFile } from './suite-file.ts';

/** What a request builder is called with, once per case. */
export interface RequestBuilderInput {
  /** The case's variables: the suite's `vars:` overridden by the case's own. */
  vars: Record<string, string | number | boolean>;
  /** The case's `id:`. */
  caseId: string;
}

/** The signature of a function a suite names with `request: { module, export }`. */
export type RequestBuilder = (input: RequestBuilderInput) => Anthropic.MessageCreateParams | Promise<Anthropic.MessageCreateParams>;

export interface BuiltRequest {
  /** Where the `request:` in effect is written: the place of every problem, and of every rule finding on a key the builder set. */
  at: YamlPath;
  /** The request keys the builder set (they are not in the YAML). */
  keys: Set<string>;
  /** `stream: true` in the built request: the case streams. */
  stream?: boolean;
  problems: { at: YamlPath; message: string }[];
  /** A key the suite or case writes that the builder's value replaces, at the key's line. */
  warnings: { at: YamlPath; message: string }[];
}

/**
 * Calls the builder in effect (the case's `request:`, else the suite's) and lays what it returns over
 * `request`, the one the YAML wrote, in place. Undefined when neither names a builder, and then at
 * once: the loader awaits only a builder (a suite has many cases).
 */
export function applyRequestBuilder(
  request: RequestDraft,
  suite: SuiteFile,
  kase: CaseFile,
  caseAt: YamlPath,
  suiteDir: string,
  vars: RequestBuilderInput['vars'],
): Promise<BuiltRequest> | undefined {
  const ref = (kase.request ?? suite.request) as ModuleRef | undefined;
  return ref === undefined ? undefined : build(ref, request, suite, kase, caseAt, suiteDir, vars);
}

async function build(ref: ModuleRef, ...[request, suite, kase, caseAt, suiteDir, vars]: Parameters<typeof applyRequestBuilder>): Promise<BuiltRequest> {
  const built: BuiltRequest = { at: kase.request !== undefined ? [...caseAt, 'request'] : ['request'], keys: new Set(), problems: [], warnings: [] };
  const fail = (message: string) => (built.problems.push({ at: built.at, message: `request: ${message}` }), built);
  const name = refName(ref);
  const forCase = `for case '${kase.id}'`;

  let fn: RequestBuilder;
  let url: string;
  try {
    const loaded = await loadExport(ref, suiteDir, 'function');
    [fn, url] = [loaded.value as RequestBuilder, loaded.url];
  } catch (e) {
    return fail((e as Error).message);
  }
  let value: unknown;
  try {
    value = await withinTime(Promise.resolve(fn({ vars: { ...vars }, caseId: kase.id })), `${name} did not answer ${forCase}`);
  } catch (e) {
    if (e instanceof NotSettled) return fail(e.message);
    const what = e instanceof Error ? `${e.name}: ${e.message}` : `non-error value ${show(e, 80)}`;
    return fail(`${name} threw ${forCase}: ${what}${lineIn(e, url, ref.module)}`);
  }
  if (!isPlainObject(value)) {
    return fail(
      `${name} returned ${value === undefined ? 'undefined' : show(value, 80)} ${forCase}; return the Messages API request (an object with model, max_tokens and messages)`,
    );
  }
  const unsendable = notJson(value, '');
  if (unsendable.length) return fail(`${name} returned a request ${forCase} that is not JSON: ${unsendable.join('; ')}`);
  // What would be sent: keys set to undefined are left out, as JSON.stringify leaves them out.
  const own = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

  if (own.stream !== undefined) {
    if (typeof own.stream === 'boolean') built.stream = own.stream;
    delete own.stream;
  }
  for (const [key, v] of Object.entries(own)) {
    const written = writtenAt(key, suite, kase, caseAt);
    if (written && request[key] !== undefined && canonicalJson(request[key]) !== canonicalJson(v)) {
      built.warnings.push({
        at: written,
        message: `${written.at(-1)} is not sent: ${name} sets ${key === 'messages' ? 'the messages' : key} itself (the builder's request wins)`,
      });
    }
    request[key] = v;
    built.keys.add(key);
  }
  const problems = shapeProblems(
    request,
    typeof value.stream === 'boolean' || value.stream === undefined ? [] : [`stream is ${show(value.stream, 40)}, not true or false`],
  );
  if (problems.length) return fail(`${name} returned a request ${forCase} the API would refuse: ${problems.join('; ')}`);
  return built;
}

/** Where the YAML sets a key a builder also sets; only keys written there (not defaults) count. */
function writtenAt(key: string, suite: SuiteFile, kase: CaseFile, caseAt: YamlPath): YamlPath | undefined {
  const s = suite as unknown as Record<string, unknown>;
  const c = kase as unknown as Record<string, unknown>;
  if (key === 'messages') return kase.prompt !== undefined ? [...caseAt, 'prompt'] : kase.messages !== undefined ? [...caseAt, 'messages'] : undefined;
  if (kase.params?.[key] !== undefined) return [...caseAt, 'params', key];
  if (c[key] !== undefined) return [...caseAt, key];
  if (suite.params?.[key] !== undefined) return ['params', key];
  return s[key] !== undefined ? [key] : undefined;
}

/** The merged request's shape: what the API needs of it, each problem named. */
function shapeProblems(r: RequestDraft, found: string[]): string[] {
  if (typeof r.model !== 'string' || r.model === '')
    found.push(r.model === undefined ? 'it has no model (return one, or set model: in the suite)' : `model is ${show(r.model, 40)}, not a model id`);
  if (!Number.isInteger(r.max_tokens) || (r.max_tokens as number) < 1) found.push(`max_tokens is ${show(r.max_tokens, 40)}, not a whole number above 0`);
  if (r.messages === undefined) found.push('it has no messages (return them, or give the case a prompt or messages)');
  else if (!Array.isArray(r.messages) || r.messages.length === 0) found.push(`messages is ${show(r.messages, 40)}, not a list of turns`);
  else {
    for (const [i, m] of (r.messages as unknown[]).entries()) {
      if (!isPlainObject(m)) found.push(`messages[${i}] is ${show(m, 40)}, not a { role, content } turn`);
      else {
        if (m.role !== 'user' && m.role !== 'assistant') found.push(`messages[${i}].role is ${show(m.role, 40)}, not user or assistant`);
        if (typeof m.content !== 'string' && !Array.isArray(m.content))
          found.push(`messages[${i}].content is ${show(m.content, 40)}, not text or a list of blocks`);
      }
    }
  }
  if (r.system !== undefined && typeof r.system !== 'string' && !Array.isArray(r.system))
    found.push(`system is ${show(r.system, 40)}, not text or a list of text blocks`);
  for (const key of ['tools', 'stop_sequences'] as const)
    if (r[key] !== undefined && !Array.isArray(r[key])) found.push(`${key} is ${show(r[key], 40)}, not a list`);
  for (const key of ['tool_choice', 'thinking', 'metadata', 'output_config'] as const)
    if (r[key] !== undefined && !isPlainObject(r[key])) found.push(`${key} is ${show(r[key], 40)}, not an object`);
  return found;
}

/** Values JSON cannot carry (a function, a bigint, a Date, NaN): sent, they would vanish or change silently. */
function notJson(value: unknown, at: string, depth = 0, within: object[] = []): string[] {
  const here = at || '(the request)';
  if (depth > 64) return [`${here} is nested too deeply`];
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${here} is ${value}`];
  if (typeof value !== 'object') return [`${here} is a ${typeof value}`];
  // Said once, where the loop closes: walked on, it is said again at every level until too deep.
  if (within.includes(value)) return [`${here} is circular (it holds an object that holds it)`];
  const inner = [...within, value];
  if (Array.isArray(value)) return value.flatMap((v, i) => notJson(v, `${at}[${i}]`, depth + 1, inner));
  if (!isPlainObject(value)) return [`${here} is a ${value.constructor?.name ?? 'non-plain object'}, not plain JSON`];
  return Object.entries(value).flatMap(([k, v]) => notJson(v, at ? `${at}.${k}` : k, depth + 1, inner));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
