/** Rows + prompt template -> the suite to write: ids, vars, assertions, and what to tell the user. */
import { InputError, type Diagnostic } from '../input-error.ts';
import { inlinePatternWarnings } from '../assertions/pattern-warnings.ts';
import { variablesOf } from '../suite/template.ts';
import type { PromptTemplate } from './prompt-file.ts';
import { IdAllocator, slugify } from './slug.ts';
import type { AssertionEntry, ParsedExport, Todo, VarValue } from './types.ts';

export interface DraftCase {
  id: string;
  name?: string;
  prompt: string;
  vars: [string, VarValue][];
  assert: AssertionEntry[];
  todos: Todo[];
}

export interface SuiteDraft {
  system?: string | undefined;
  tools?: unknown[] | undefined;
  cases: DraftCase[];
  /** Tools the expectations name that the export does not define: the suite gets a stub for each. */
  undefinedTools: string[];
  notes: string[];
  warnings: Diagnostic[];
}

export function draftSuite(file: string, data: ParsedExport, given: PromptTemplate | undefined): SuiteDraft {
  const notes: string[] = [];
  const template = chooseTemplate(file, data, given, notes);
  const used = variablesOf(`${template.system ?? ''}\n${template.prompt}`);
  checkVariables(file, data, used);

  const ids = new IdAllocator();
  const cases = data.rows.map((row): DraftCase => {
    const base = slugify(row.name ?? '') || slugify(firstWords(longestValue(row.values, used))) || 'case';
    const id = ids.take(base === 'case' ? `case-${row.index}` : base);
    return {
      id,
      ...(row.name !== undefined && row.name !== id ? { name: row.name } : {}),
      prompt: template.prompt,
      vars: used.map((v) => [v, row.values.get(v)!]),
      assert: row.assert,
      todos: row.todos,
    };
  });

  const unused = [...data.variables, ...data.extras].filter((v) => !used.includes(v));
  const rank = (k: string) => {
    const i = data.order.indexOf(k);
    return i === -1 ? Infinity : i;
  };
  const skipped = [...unused, ...data.ignored].sort((a, b) => rank(a) - rank(b));
  if (skipped.length) notes.push(`not used by the prompt, ignored: ${skipped.join(', ')}`);
  const noAssert = cases.filter((c) => !c.assert.length).length;
  if (noAssert) notes.push(`${noAssert} case(s) have no expectations in the export and will pass whatever the answer; add assertions`);

  const warnings = data.rows.flatMap((row, i) => [
    ...row.todos.map((t) => ({
      file,
      line: row.line,
      col: row.col,
      message: `case '${cases[i]!.id}': expectation '${t.key}' (${JSON.stringify(t.value)}) ${t.why ?? 'has no promptgate assertion'}; kept as a # TODO comment`,
    })),
    // The suite passes such a pattern on as written; said here, where the export holds it.
    ...row.assert.flatMap((entry) =>
      Object.entries(entry)
        .flatMap(([name, args]) => inlinePatternWarnings(name, args))
        .map((w) => ({ file, line: row.line, col: row.col, message: `case '${cases[i]!.id}': ${w.message}` })),
    ),
  ]);

  const tools = data.tools;
  const defined = new Set((tools ?? []).map((t) => (t as { name?: unknown }).name));
  const named = new Set(cases.flatMap((c) => c.assert.flatMap(toolsNamedBy)));
  const undefinedTools = [...named].filter((n) => !defined.has(n)).sort();
  if (undefinedTools.length)
    notes.push(
      `the expectations name tools the export does not define (${undefinedTools.join(', ')}); the suite defines a stub for each: fill in its description and input_schema`,
    );
  return { system: template.system, tools, cases, undefinedTools, notes, warnings };
}

/** `tool_called: x` and `tool_input: { tool: x }`, also under `not:`. */
function toolsNamedBy(entry: AssertionEntry): string[] {
  const e = entry as Record<string, unknown>;
  if (typeof e.tool_called === 'string' && e.tool_called !== 'none') return [e.tool_called];
  const input = e.tool_input as { tool?: unknown } | undefined;
  if (typeof input?.tool === 'string') return [input.tool];
  return e.not && typeof e.not === 'object' ? toolsNamedBy(e.not as AssertionEntry) : [];
}

/** Unnamed rows get ids from their main text: the longest value the prompt uses (ties: first). */
function longestValue(values: Map<string, VarValue | null>, used: string[]): string {
  let best = '';
  for (const v of used) {
    const text = String(values.get(v) ?? '');
    if (text.length > best.length) best = text;
  }
  return best;
}

function firstWords(text: string): string {
  return text.split(/\s+/).filter(Boolean).slice(0, 6).join(' ');
}

function chooseTemplate(file: string, data: ParsedExport, given: PromptTemplate | undefined, notes: string[]): PromptTemplate {
  if (given) {
    if (data.prompt !== undefined) notes.push('--prompt replaces the prompt the export carries');
    return given;
  }
  if (data.prompt !== undefined) return { prompt: data.prompt, ...(data.system !== undefined ? { system: data.system } : {}) };
  const candidates = data.variables;
  const only = candidates.includes('user_message') ? 'user_message' : candidates.length === 1 ? candidates[0] : undefined;
  if (only === undefined) {
    const offered = [...candidates, ...data.extras];
    throw new InputError({
      file,
      message: offered.length
        ? `the export has no prompt template and several variables (${candidates.length ? candidates.join(', ') : offered.join(', ')}); pass --prompt FILE with {{VAR}} placeholders`
        : 'the export has no prompt template and no variable columns or keys; pass --prompt FILE, or add a user_message column',
    });
  }
  const system = data.system;
  notes.push(`no prompt template given: each case's prompt is its ${only} (pass --prompt FILE for a full template)`);
  return { prompt: `{{${only}}}`, ...(system !== undefined ? { system } : {}) };
}

/** Every variable the prompt uses must have a value in every row: one error naming them and where. */
function checkVariables(file: string, data: ParsedExport, used: string[]): void {
  const parts: string[] = [];
  let firstAt: { line: number; col: number } | undefined;
  for (const name of used) {
    const rows = data.rows.filter((r) => r.values.get(name) === undefined || r.values.get(name) === null);
    if (!rows.length) continue;
    if (rows.length === data.rows.length) {
      parts.push(`{{${name}}} (no such column or key)`);
      firstAt ??= { line: 1, col: 1 };
      continue;
    }
    const shown = rows.slice(0, 10).map((r) => `case ${r.index} (line ${r.line})`);
    if (rows.length > 10) shown.push(`and ${rows.length - 10} more`);
    parts.push(`{{${name}}} in ${shown.join(', ')}`);
    if (!firstAt || rows[0]!.line < firstAt.line) firstAt = { line: rows[0]!.line, col: rows[0]!.col };
  }
  if (!parts.length) return;
  const offered = [...data.variables, ...data.extras];
  throw new InputError({
    file,
    ...firstAt!,
    message: `the prompt uses variables the export does not provide: ${parts.join('; ')}${offered.length ? ` (it has: ${offered.join(', ')})` : ''}`,
  });
}
