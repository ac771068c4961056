/**
 * `tool_loop:` (suite or case): the case runs the model's tool calls to an answer. The answers come
 * from scripted results (matched by tool name and a subset of the input, first match wins), then from
 * the app's own handlers (`handlers: { module, export }`, run in-process with a per-call timeout),
 * then from a `default`. Turned into the runner's `ToolLoop` here, so a bad module is a problem at
 * the suite's line while it loads.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { show } from '../assertions/show.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { ToolAnswer, ToolLoop } from '../runner/turn.ts';
import { loadExport, refName, type ModuleRef } from './app-module.ts';
import type { YamlPath } from './locate.ts';

/** A scripted answer: `result` (JSON or text) or `error` (sent with `is_error: true`). */
export interface ScriptedAnswer {
  result?: unknown;
  error?: string;
}

export interface ScriptedResult extends ScriptedAnswer {
  tool: string;
  /** Matches when every key given equals the call's (at any depth); absent: any input. */
  input?: Record<string, unknown>;
}

export interface ToolLoopFile {
  max_turns?: number;
  timeout_ms?: number;
  results?: ScriptedResult[];
  handlers?: ModuleRef;
  default?: ScriptedAnswer;
}

const DEFAULT_MAX_TURNS = 10;
const DEFAULT_TOOL_TIMEOUT_MS = 10_000;

/** One function for every tool, or one a tool, as the app keeps them. */
type Handler = (input: unknown, call: { name: string; id: string }) => unknown;
type Handlers = ((name: string, input: unknown) => unknown) | Record<string, Handler>;

export interface ToolLoopOfCase {
  loop?: ToolLoop;
  written?: ToolLoopFile;
  at: YamlPath;
  problem?: { at: YamlPath; message: string };
  /** The tool names an object of handlers answers, and the ones whose value is no function: the loader checks them against the request's tools. */
  handlerNames?: { names: string[]; notFunctions: string[] };
}

/**
 * The case's `tool_loop:`, else the suite's; a problem (the handlers' module) at the key that names it.
 * A promise only when there is a handlers module to import: the loader awaits it only then (a suite has many cases).
 */
export function toolLoopOf(
  suite: { tool_loop?: ToolLoopFile },
  kase: { tool_loop?: ToolLoopFile },
  caseAt: YamlPath,
  suiteDir: string,
): ToolLoopOfCase | Promise<ToolLoopOfCase> {
  const own = kase.tool_loop !== undefined;
  const file = own ? kase.tool_loop : suite.tool_loop;
  const at: YamlPath = own ? [...caseAt, 'tool_loop'] : ['tool_loop'];
  if (file === undefined) return { at };
  if (!file.handlers) return { at, loop: toolLoop(file), written: file };
  return withHandlers(file, file.handlers, at, suiteDir);
}

async function withHandlers(file: ToolLoopFile, ref: ModuleRef, at: YamlPath, suiteDir: string): Promise<ToolLoopOfCase> {
  let handlers: Handlers;
  try {
    handlers = (await loadExport(ref, suiteDir, 'function or object')).value as Handlers;
  } catch (e) {
    return { at, problem: { at: [...at, 'handlers'], message: `tool_loop.handlers: ${(e as Error).message}` } };
  }
  const named =
    typeof handlers === 'function'
      ? {}
      : { handlerNames: { names: Object.keys(handlers), notFunctions: Object.keys(handlers).filter((k) => typeof handlers[k] !== 'function') } };
  return { at, loop: toolLoop(file, handlers), written: file, ...named };
}

function toolLoop(file: ToolLoopFile, handlers?: Handlers): ToolLoop {
  const timeoutMs = file.timeout_ms ?? DEFAULT_TOOL_TIMEOUT_MS;
  const script = file.results ?? [];
  const scripted = (a: ScriptedAnswer): ToolAnswer =>
    a.error !== undefined ? { content: a.error, isError: true } : { content: asText(a.result), isError: false };
  return {
    maxTurns: file.max_turns ?? DEFAULT_MAX_TURNS,
    async answer(call) {
      const hit = script.find((r) => r.tool === call.name && (r.input === undefined || contains(call.input, r.input)));
      if (hit) return scripted(hit);
      const handler = handlerFor(handlers, call);
      if (handler) return runHandler(handler, call, timeoutMs, file.handlers!);
      if (file.default) return scripted(file.default);
      return { unanswered: unanswered(call, script, handlers, file.handlers) };
    },
  };
}

function handlerFor(handlers: Handlers | undefined, call: Anthropic.ToolUseBlock): (() => unknown) | undefined {
  if (typeof handlers === 'function') return () => handlers(call.name, call.input);
  const h = handlers && Object.hasOwn(handlers, call.name) ? handlers[call.name] : undefined;
  return typeof h === 'function' ? () => h(call.input, { name: call.name, id: call.id }) : undefined;
}

/** A throw or a timeout becomes an `is_error` result with its message, as an app's loop sends it back. */
async function runHandler(handler: () => unknown, call: Anthropic.ToolUseBlock, timeoutMs: number, ref: ModuleRef): Promise<ToolAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${call.name} (${refName(ref)}) did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { content: asText(await Promise.race([Promise.resolve().then(handler), timeout])), isError: false };
  } catch (e) {
    // A thrown object is shown as a value: String() would send the model "[object Object]".
    return { content: e instanceof Error ? e.message : typeof e === 'string' ? e : show(e, 1000), isError: true };
  } finally {
    clearTimeout(timer);
  }
}

/** What is sent as the tool result's content: text as it is, anything else as JSON. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

/** Every key of `pattern` is in `input` with an equal value, objects compared the same way at depth. */
function contains(input: unknown, pattern: unknown): boolean {
  if (pattern && typeof pattern === 'object' && !Array.isArray(pattern)) {
    if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
    return Object.entries(pattern).every(([k, v]) => Object.hasOwn(input, k) && contains((input as Record<string, unknown>)[k], v));
  }
  return canonicalJson(input) === canonicalJson(pattern);
}

function unanswered(call: Anthropic.ToolUseBlock, script: ScriptedResult[], handlers: Handlers | undefined, ref: ModuleRef | undefined): string {
  const called = `${call.name} was called with ${show(call.input, 200)}`;
  if (script.length === 0 && handlers && ref) return `${called}, and ${refName(ref)} has no handler for ${call.name}; add one, a scripted result or a default`;
  const forTool = script.filter((r) => r.tool === call.name);
  const has = forTool.length
    ? `the script has ${call.name} only for ${forTool.map((r) => show(r.input ?? {}, 120)).join(', ')}`
    : `the script has nothing for ${call.name}${script.length ? ` (it has ${[...new Set(script.map((r) => r.tool))].join(', ')})` : ''}`;
  const noHandler = handlers && ref ? `, and ${refName(ref)} has no handler for it` : '';
  return `${called}, which no scripted result answers: ${has}${noHandler}; add a result, a handler or a default`;
}
