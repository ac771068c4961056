/** An export file in, suite YAML out: read, detect, parse, draft, emit. No writing here. */
import { withRunDir } from '../run-dir.ts';
import path from 'node:path';
import { InputError, type Diagnostic } from '../input-error.ts';
import { readCsv } from './csv-export.ts';
import { detectKind } from './detect.ts';
import { draftSuite } from './draft.ts';
import { emitSuiteYaml } from './emit-yaml.ts';
import { readJson } from './json-export.ts';
import { readPromptFile } from './prompt-file.ts';
import { readExport } from './read.ts';
import { schemaRef } from './schema-ref.ts';
import { slugify } from './slug.ts';

export interface ImportOptions {
  prompt?: string | undefined;
  /** Where the YAML will be written; its folder anchors the $schema path. */
  out?: string | undefined;
  name?: string | undefined;
  model?: string | undefined;
  cwd?: string | undefined;
}

export interface ImportResult {
  yaml: string;
  /** Files the suite references, to write beside it (the prompt template, with --out). */
  files: { path: string; text: string }[];
  cases: number;
  notes: string[];
  warnings: Diagnostic[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const LONE_VARIABLE = /^\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/;
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;

export async function importFile(file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const cwd = opts.cwd ?? process.cwd();
  const name = opts.name ?? (slugify(path.basename(file).replace(/\.[^.]*$/, '')) || 'imported');
  if (!NAME.test(name)) throw new InputError(`--name '${name}' is not a usable suite name: letters, digits, '.', '_' and '-', starting with a letter or digit`);
  const model = opts.model ?? 'claude-haiku-4-5';
  if (!MODEL.test(model)) throw new InputError(`--model '${model}' is not a model id, e.g. claude-haiku-4-5`);

  // Both open from `cwd` and are named as given.
  const template = opts.prompt === undefined ? undefined : await withRunDir(cwd, () => readPromptFile(opts.prompt!));
  const text = await withRunDir(cwd, () => readExport(file));
  const data = detectKind(file, text) === 'json' ? readJson(file, text) : readCsv(file, text);
  const draft = draftSuite(file, data, template);
  const outDir = opts.out === undefined ? path.join(cwd, 'suites') : path.dirname(path.resolve(cwd, opts.out));
  // Every case shares the template: with a place to write it, it is one prompt file the cases
  // reference, not a copy in each case. A lone {{var}} is the whole turn and stays inline.
  const shared = draft.cases[0]?.prompt;
  const promptFile =
    opts.out !== undefined && shared !== undefined && !LONE_VARIABLE.test(shared) ? `${path.basename(opts.out).replace(/\.[^.]*$/, '')}.prompt.md` : undefined;
  const yaml = emitSuiteYaml(draft, {
    name,
    model,
    schemaRef: schemaRef(outDir, cwd),
    source: path.basename(file),
    format: data.format,
    ...(promptFile ? { promptFile } : {}),
  });
  const files = promptFile ? [{ path: path.join(outDir, promptFile), text: shared! }] : [];
  const notes = promptFile ? [`the prompt template is in ${promptFile}, beside the suite; every case reads it`] : [];
  return {
    yaml,
    files,
    cases: draft.cases.length,
    notes: [`${data.format}: ${draft.cases.length} case(s)`, ...draft.notes, ...notes],
    warnings: draft.warnings,
  };
}
