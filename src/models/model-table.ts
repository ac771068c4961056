/**
 * The model table: what each Claude model accepts in a request and where it is in its life, as
 * sourced, dated data (schema/models.json, shipped with the package and checked against
 * schema/models.schema.json by test/models). Read once, on first use. Model rules change with each
 * release, so they live in the data, never in branches of code.
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-root.ts';
import { resolveModelId } from './model-id.ts';

export type EffortLevel = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface Sourced {
  source: string;
  checked: string;
  note?: string;
}

/** A request setting the model answers with a 400. */
export interface Rule extends Sourced {
  /** What to send instead, said in the fix. */
  instead?: string;
  /** Rejected only at these effort levels. */
  atEffort?: EffortLevel[];
}

export type RuleName =
  'sampling' | 'samplingPair' | 'manualThinking' | 'adaptiveThinking' | 'thinkingDisabled' | 'betweenTools' | 'forcedToolChoice' | 'assistantPrefill';

export interface Lifecycle extends Sourced {
  status: 'active' | 'legacy' | 'deprecated' | 'retired';
  /** Calls work through this UTC day and fail after it. */
  retires?: string;
  successor?: string;
}

export interface ModelEntry {
  name: string;
  tokenizer: string;
  limits?: Sourced & { contextWindow: number; maxOutput: number };
  effort?: Sourced & { levels: EffortLevel[]; default?: EffortLevel };
  thinkingAlwaysOn?: Sourced;
  rejects: Partial<Record<RuleName, Rule>>;
  unknown?: string[];
  lifecycle?: Lifecycle;
}

/** A request setting an API version answers with a 400, whatever the model. */
export type VersionRuleName = 'sampling' | 'assistantDocument' | 'userCitations';

/** What the API rejects whatever the version and model: manual thinking with other settings, a prefill's shape. */
export type RequestRuleName =
  'manualThinkingForcedToolChoice' | 'thinkingTemperature' | 'budgetNotBelowMaxTokens' | 'manualThinkingPrefill' | 'prefillTrailingWhitespace';

/** One API version (the `anthropic-version` header) and what it rejects. */
export interface ApiVersionEntry extends Sourced {
  rejects: Partial<Record<VersionRuleName, Rule>>;
}

export interface ModelFile {
  checked: string;
  note?: string;
  tokenizers: Record<string, Sourced & { charsPerToken: number }>;
  aliases?: Record<string, string>;
  /** Keyed by the version's date, as the header names it. */
  apiVersions: Record<string, ApiVersionEntry>;
  /** The version each @anthropic-ai/sdk major sends (src/models/api-version.ts). */
  sdkApiVersions: Sourced & { majors: Record<string, string> };
  requestRules?: Sourced & { rejects: Partial<Record<RequestRuleName, Rule>> };
  models: Record<string, ModelEntry>;
}

export interface Model extends ModelEntry {
  /** The table's id: a dated snapshot or an alias resolves to its model. */
  id: string;
}

let file: ModelFile | undefined;
let aliases: ReadonlyMap<string, string> | undefined;

export function modelFile(): ModelFile {
  return (file ??= JSON.parse(readFileSync(packageFile('schema/models.json'), 'utf8')) as ModelFile);
}

/** What the table knows of a model, or undefined for a model it does not list (nothing is then refused). */
export function modelInfo(model: string): Model | undefined {
  if (infos.has(model)) return infos.get(model);
  const { models, aliases: named } = modelFile();
  aliases ??= new Map(Object.entries(named ?? {}));
  const id = resolveModelId(model, (m) => Object.hasOwn(models, m), aliases);
  const info = id === undefined ? undefined : { id, ...models[id]! };
  infos.set(model, info);
  return info;
}

/** By model as written: a suite asks several times a case, of a table read once. */
const infos = new Map<string, Model | undefined>();
