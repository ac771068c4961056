/**
 * Tool names a case refers to that its request does not define: a misspelt `tool_called:` fails (or
 * under `not:` passes) every run whatever the model does, and the API rejects such a `tool_choice`.
 */
import { hint } from './did-you-mean.ts';
import type { YamlPath } from './locate.ts';
import type { AssertionSpec } from './types.ts';

export interface ToolNameProblem {
  /** Where the name is, below the assertion entry (or the tool_choice) it was found in. */
  at: YamlPath;
  message: string;
}

/** `tool_called: none` asserts that no tool was called; it is not a tool's name. */
const NO_TOOL = 'none';

/** The names a request's `tools` define, or undefined when they cannot be read (the schema says why). */
export function definedToolNames(tools: unknown): string[] | undefined {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) return undefined;
  return tools.flatMap((t: { name?: unknown }) => (typeof t?.name === 'string' ? [t.name] : []));
}

/** The tools a case can call, and who defined them ("this suite", or "case 'a'" when it has its own), for messages. */
export interface DefinedTools {
  names: string[];
  owner: string;
}

/**
 * A server tool whose calls go by other names than its own (`server_tool_use.name`): code execution
 * runs as bash and text-editor calls. An assertion may name those; `tool_choice` may not.
 */
const CALLED_AS: Record<string, string[]> = { code_execution: ['bash_code_execution', 'text_editor_code_execution'] };

export function undefinedToolsIn(spec: AssertionSpec, tools: DefinedTools): ToolNameProblem[] {
  if (spec.name === 'not') return undefinedToolsIn(spec.args as AssertionSpec, tools).map((p) => ({ ...p, at: ['not', ...p.at] }));
  const named = namesIn(spec);
  // Most checks name no tool: the set of callable names is built only for one that does.
  if (named.length === 0) return [];
  const called = new Set(tools.names.flatMap((n) => [n, ...(CALLED_AS[n] ?? [])]));
  return named
    .filter(([name]) => name !== NO_TOOL && !called.has(name))
    .map(([name, at]) => ({ at: [spec.name, ...at], message: `${spec.name}: ${notDefined(name, tools)}` }));
}

export function notDefined(name: string, { names, owner }: DefinedTools): string {
  return names.length === 0
    ? `'${name}' names a tool, but ${owner} defines no tools (add it under tools:)`
    : `'${name}' is not a tool ${owner} defines${hint(name, names)}; it defines ${names.join(', ')}`;
}

/** Each tool name in an assertion's arguments, with its place below the assertion name. */
function namesIn(spec: AssertionSpec): [string, YamlPath][] {
  const args = spec.args as any;
  if (spec.name === 'tool_called' || spec.name === 'tool_sequence' || spec.name === 'tool_never_called') {
    if (typeof args === 'string') return [[args, []]];
    const list: unknown = Array.isArray(args) ? args : args?.names;
    const at: YamlPath = Array.isArray(args) ? [] : ['names'];
    return Array.isArray(list) ? list.flatMap((n, i) => (typeof n === 'string' ? [[n, [...at, i]] as [string, YamlPath]] : [])) : [];
  }
  if (spec.name === 'tool_input' && typeof args?.tool === 'string') return [[args.tool, ['tool']]];
  return [];
}
