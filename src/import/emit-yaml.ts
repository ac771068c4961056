/** The suite YAML, built with the yaml Document API so TODOs and the schema line are real comments. */
import { Document, Pair, Scalar, YAMLSeq, visit, type YAMLMap } from 'yaml';
import { noLegacyCommand, showControls } from '../format/outside-text.ts';
import type { SuiteDraft } from './draft.ts';

export interface EmitOptions {
  name: string;
  model: string;
  schemaRef: string;
  source: string;
  format: string;
  /** The prompt file every case reads (`prompt: { file }`), relative to the suite; otherwise each case holds the template. */
  promptFile?: string;
}

function usesRubric(entry: Record<string, unknown>): boolean {
  return 'rubric' in entry || (typeof entry.not === 'object' && entry.not !== null && usesRubric(entry.not as Record<string, unknown>));
}

export function emitSuiteYaml(draft: SuiteDraft, o: EmitOptions): string {
  // No anchors: the same tools or prompt object must not turn into &a1 / *a1 in the output.
  const doc = new Document({ name: o.name, model: o.model }, { aliasDuplicateObjects: false });
  doc.commentBefore = ` yaml-language-server: $schema=${o.schemaRef}\n\n Imported by \`promptgate import\` from ${o.source} (${o.format}).`;
  const root = doc.contents as YAMLMap;
  if (draft.system !== undefined) root.set('system', draft.system);
  // A tool the expectations name must be defined for the request to offer it (validate insists):
  // a stub that says what to fill in keeps the draft valid and the gap visible.
  const stubs = draft.undefinedTools.map((name) => ({ name, description: 'TODO: what the tool does', input_schema: { type: 'object' } }));
  if (draft.tools !== undefined || stubs.length) {
    const tools = doc.createNode([...(draft.tools ?? []), ...stubs]) as YAMLSeq;
    tools.items
      .slice(draft.tools?.length ?? 0)
      .forEach(
        (item) => ((item as YAMLMap).commentBefore = ' TODO: the export names this tool but does not define it; fill in its description and input_schema'),
      );
    root.set('tools', tools);
  }
  // A rubric needs a judge; the suite's own model is the least surprising default.
  if (draft.cases.some((c) => c.assert.some(usesRubric))) root.set('grader', { model: o.model });

  // Each case is written as a document of its own and indented under `cases:`: yaml writes many
  // small documents faster than one large one (bench/validate-import.ts).
  const cases = draft.cases.map((c) => {
    const one = new Document(new YAMLSeq(), { aliasDuplicateObjects: false });
    const node = one.createNode({
      id: c.id,
      ...(c.name !== undefined ? { name: c.name } : {}),
      prompt: o.promptFile !== undefined ? { file: o.promptFile } : c.prompt,
      ...(c.vars.length ? { vars: Object.fromEntries(c.vars) } : {}),
    }) as YAMLMap;
    const asserts = one.createNode(c.assert) as YAMLSeq;
    const pair = new Pair(new Scalar('assert'), asserts);
    const todos = c.todos.map(
      (t) => ` TODO: expectation ${t.key}: ${JSON.stringify(t.value)} (${t.why ?? 'no promptgate assertion for it'}); write the assertion by hand`,
    );
    if (!c.assert.length) (pair.key as Scalar).commentBefore = [...todos, ' TODO: no expectations in the export; add assertions'].join('\n');
    else if (todos.length) asserts.comment = todos.join('\n');
    node.items.push(pair as Pair<unknown, unknown>);
    (one.contents as YAMLSeq).items.push(node);
    return inert(one).replace(/^(?=.)/gm, '  ');
  });
  return `${inert(doc)}cases:\n${cases.join('')}`;
}

/**
 * The suite may be printed to a terminal or CI log, and an export's cells are outside text: a string
 * with a control character, `::` at a line start or `##[` is written double-quoted on one line, so no
 * line of the YAML is a workflow command.
 */
function inert(doc: Document): string {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && (/\r|(^|\n)\s*::|##\[/.test(node.value) || showControls(node.value) !== node.value))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return noLegacyCommand(showControls(doc.toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.POSITIVE_INFINITY })));
}
