/** Suite files in, validated and templated `Suite`s out; every problem found is reported at once. */
import path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { show } from '../assertions/show.ts';
import { patternWarnings, type PatternWarning } from '../assertions/pattern-warnings.ts';
import { MODIFIERS, registry } from '../assertions/registry.ts';
import { canonicalJson } from '../canonical-json.ts';
import { hint } from './did-you-mean.ts';
import { formatDiagnostic, InputError, sortDiagnostics, type Diagnostic } from '../input-error.ts';
import { discoverSuites } from './discover.ts';
import { expandDatasets, type CaseItem } from './dataset.ts';
import type { Locator, YamlPath } from './locate.ts';
import { parseSuiteYaml } from './parse-yaml.ts';
import { readSuiteSource } from '../read-text.ts';
import { ShapeFaults, type CaseFaults } from './shape-faults.ts';
import { validateSuiteShape } from './schema.ts';
import { withCachedPrefix } from './cache-prefix.ts';
import { describe, shapeDiagnostics } from './shape-errors.ts';
import { lonePlaceholder, renderDeep, unknownFormMessage, type Vars } from './template.ts';
import { PromptFiles, type CasePrompts } from './prompt-files.ts';
import { definedToolNames, notDefined, undefinedToolsIn, type DefinedTools } from './tool-names.ts';
import { modelRuleProblems, type Origin, type RequestDraft } from './model-rules.ts';
import { modelWarnings } from './model-warnings.ts';
import { unknownModels } from './unknown-models.ts';
import { applyRequestBuilder, type BuiltRequest } from './request-builder.ts';
import { toolLoopOf, type ToolLoopOfCase } from './tool-loop.ts';
import { apiVersionOfSdk, unknownApiVersion } from '../models/api-version.ts';
import { outputConfigOf, type OutputConfigOfCase } from './output-config.ts';
import { attachFiles, type AttachedFiles } from './attachments.ts';
import { shardsOfCase, type Shard } from '../runner/shard.ts';
import { rawDigest } from './digest.ts';
import type { AssertionSpec, AssertionTarget, Case, CaseStub, GraderConfig, Loc, Suite } from './types.ts';
import type { AssertionEntry, CaseFile, SuiteFile } from './suite-file.ts';
import { inRunDir } from '../run-dir.ts';

const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_GRADER_THRESHOLD = 0.5;
/** Keys of a suite or case that go into the Messages API request as they are. */
const REQUEST_KEYS = ['model', 'max_tokens', 'system', 'tools', 'tool_choice', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'thinking'] as const;
/** The keys the model rules read (model-rules.ts): they wait while any of these is malformed or may be misspelt. */
const RULE_KEYS = [
  'model',
  'models',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'thinking',
  'tool_choice',
  'messages',
  'effort',
  'params',
  'api_version',
] as const;

export interface LoadOptions {
  /** The UTC day (YYYY-MM-DD) a model's end of life is judged at. Default: today. */
  day?: string;
  /**
   * The `anthropic-version` every case sends, over any `api_version:` a suite or case pins
   * (`run --api-version`). Default: the pin, else the version the installed SDK sends.
   */
  apiVersion?: string | undefined;
  /**
   * Resolve only the cases of this shard (`run --shard`); the others are kept as stubs
   * (Suite.elsewhere) for selection. `models` is the run's `--model`, which decides a case's copies.
   * Their problems are left to the shard that runs them.
   */
  shard?: { shard: Shard; models?: string[] | undefined } | undefined;
  /**
   * The run's models (`run --model`): every case is checked under each as under a `models:` list, so
   * a request one of them refuses (thinking it does not take, max_tokens past its limit) is said now,
   * not answered with a 400 after the run has paid for the others.
   */
  models?: readonly string[] | undefined;
}

/** Loads every suite under `paths`; throws one InputError listing every problem in every file. */
export async function loadSuites(paths: string[], options: LoadOptions = {}): Promise<Suite[]> {
  const unknown = options.apiVersion !== undefined ? unknownApiVersion(options.apiVersion) : undefined;
  if (unknown) throw new InputError(unknown);
  const found = await discoverSuites(paths);
  const results = await Promise.all(found.files.map((file) => loadSuiteFile(file, options)));
  const problems = [...found.problems, ...results.flatMap((r) => r.problems), ...duplicateNames(results)];
  if (problems.length) throw new InputError(sortDiagnostics(distinct(problems)));
  return results.flatMap((r) => (r.suite ? [r.suite] : []));
}

/** A suite, or its problems; `name` whenever the file has a valid one, so a clash is seen beside other problems. */
export interface LoadedFile {
  file: string;
  suite?: Suite | undefined;
  name?: { text: string; at: Loc } | undefined;
  problems: Diagnostic[];
}

async function loadSuiteFile(file: string, options: LoadOptions = {}): Promise<LoadedFile> {
  const loaded = await loadSuiteData(file, options.day ?? new Date().toISOString().slice(0, 10), options.apiVersion, options.shard, options.models ?? []);
  return { file, ...loaded };
}

async function loadSuiteData(
  file: string,
  day: string,
  apiVersion: string | undefined,
  shard: LoadOptions['shard'],
  models: readonly string[],
): Promise<Omit<LoadedFile, 'file'>> {
  const read = await readSuiteSource(file);
  if ('problem' in read) return { problems: [read.problem] };
  const parsed = parseSuiteYaml(file, read.source);
  if ('problems' in parsed) return parsed;
  const { data, locator } = parsed;
  if (data === null || data === undefined) {
    return { problems: [{ file, line: 1, col: 1, message: 'the file is empty; a suite needs name, model and cases' }] };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: [
        { file, line: 1, col: 1, message: 'a suite is a mapping with name, model and cases, not ' + (Array.isArray(data) ? 'a list' : 'a ' + typeof data) },
      ],
    };
  }
  const shape = validateSuiteShape(data);
  const faults = new ShapeFaults(shape);
  const text: unknown = (data as SuiteFile).name;
  const name = typeof text === 'string' && faults.soundUnder(['name']) ? { text, at: locator.loc(['name']) } : undefined;
  // Semantic checks still run where the schema found the shape sound, so one pass shows every problem.
  const resolved = await resolveSuite(data as SuiteFile, file, locator, faults, day, apiVersion, shard, models);
  return shape.length ? { name, problems: [...shapeDiagnostics(shape, locator), ...resolved.problems] } : { name, ...resolved };
}

async function resolveSuite(
  raw: SuiteFile,
  file: string,
  locator: Locator,
  faults: ShapeFaults,
  day: string,
  forcedApiVersion: string | undefined,
  shard: LoadOptions['shard'],
  forcedModels: readonly string[],
): Promise<{ suite?: Suite; problems: Diagnostic[] }> {
  const problems: Diagnostic[] = [];
  const elsewhere: CaseStub[] = [];
  const warnings: Diagnostic[] = [];
  const dir = path.resolve(inRunDir(path.dirname(file)));
  const seenIds = new Map<string, number>();
  const cases: Case[] = [];
  const rawCases: unknown[] = Array.isArray(raw.cases) ? raw.cases : [];
  const defaultAsserts: unknown[] = Array.isArray(raw.defaults?.assert) ? raw.defaults.assert : [];
  const promptFiles = new PromptFiles(file, locator);
  let sdk: string | undefined;
  const scope: SuiteScope = {
    raw,
    locator,
    faults,
    dir,
    day,
    forcedApiVersion,
    forcedModels,
    sdkApiVersion: () => (sdk ??= apiVersionOfSdk()),
    promptFiles,
    defaultAsserts,
    problems,
    warnings,
  };

  // A dataset entry comes back as one item per row of its file, each at the entry's place.
  const expanded = await expandDatasets(rawCases, file, locator, faults);
  problems.push(...expanded.problems);
  warnings.push(...expanded.warnings);
  for (let i = 0; i < expanded.items.length; i++) {
    const { item, at, row } = expanded.items[i]!;
    if (!isMapping(item)) continue;
    const rawCase = item as unknown as CaseFile;
    const here = faults.ofCase(at);
    if (typeof rawCase.id === 'string' && here.caseSound('id')) {
      const first = seenIds.get(rawCase.id);
      if (first !== undefined) {
        const prev = locator.loc(['cases', first]);
        problems.push({ ...locator.loc([...at, 'id']), message: `duplicate case id '${rawCase.id}' (first defined at ${prev.file}:${prev.line}:${prev.col})` });
      } else seenIds.set(rawCase.id, at[1] as number);
    }
    const stub = shard && elsewhereStub(raw, rawCase, at, locator, faults, shard);
    if (stub) {
      elsewhere.push(stub);
      continue;
    }
    const resolved = await resolveCase(scope, rawCase, at, row, here);
    if (resolved) cases.push(resolved);
  }
  if (problems.length) return { problems };
  const suite: Suite = {
    file,
    dir,
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    ...(raw.max_cost_usd !== undefined && { maxCostUsd: raw.max_cost_usd }),
    cases,
    ...(warnings.length ? { warnings: distinct(warnings) } : {}),
    ...(shard ? { elsewhere: { shard: shard.shard, cases: elsewhere }, digest: rawDigest(locator.source) } : {}),
  };
  return { suite, problems };
}

/** What every case of one suite is resolved against; problems and warnings gather here. */
interface SuiteScope {
  raw: SuiteFile;
  locator: Locator;
  faults: ShapeFaults;
  dir: string;
  day: string;
  forcedApiVersion: string | undefined;
  /** The run's models (LoadOptions.models), each case checked under each. */
  forcedModels: readonly string[];
  /** The version the installed SDK sends: what a case that pins none is checked under. Asked once a suite, when first needed. */
  sdkApiVersion: () => string;
  promptFiles: PromptFiles;
  defaultAsserts: unknown[];
  problems: Diagnostic[];
  warnings: Diagnostic[];
}

/**
 * One case resolved; undefined once the suite has a problem (it is never returned). Each step below is
 * its own small function, so the per-case work compiles early and cheaply; only what reads a file or
 * imports a module is awaited.
 */
async function resolveCase(scope: SuiteScope, rawCase: CaseFile, at: YamlPath, row: CaseItem['row'], here: CaseFaults): Promise<Case | undefined> {
  // Called only for a case this load resolves: a shard's loader stubs the others (elsewhereStub).
  const c = caseScope(scope, rawCase, at, row, here);
  checkPromptOrMessages(c);
  const grader: Partial<GraderConfig> = { ...scope.raw.grader, ...rawCase.grader };
  const { request, output, attached, built } = await requestOf(c);
  const tools = toolsOf(c, request, built);
  const looping = here.sound('tool_loop') ? toolLoopOf(scope.raw, rawCase, at, scope.dir) : undefined;
  const looped = looping instanceof Promise ? await looping : looping;
  checkToolLoop(c, looped, tools);
  const graderSound = here.readable('grader');
  const { entries, assert } = specsOf(c, tools);
  const checking = checkSpecs(c, assert, grader, graderSound);
  if (checking) await checking;
  const warning = warnPatterns(c, entries, assert);
  if (warning) await warning;
  // Structured outputs constrain the answer to the schema; the implied check says so when a recording
  // or a model does not, unless the case already checks that very schema.
  if (output.schema && !assert.some((spec) => spec.name === 'json_schema' && canonicalJson(spec.args) === canonicalJson(output.schema!.arg))) {
    assert.push({ name: 'json_schema', args: output.schema.arg, weight: 1, target: 'text', label: 'output_schema', loc: scope.locator.loc(output.schema.at) });
  }
  // Validated under the pin (--api-version, else the case's, the suite's), else the installed SDK's.
  const pinned = scope.forcedApiVersion ?? rawCase.api_version ?? scope.raw.api_version;
  checkModels(c, request, built, pinned ?? scope.sdkApiVersion(), entries, assert, graderSound);

  // A suite with any problem is never returned; building its cases would only trip on bad values.
  if (scope.faults.any || scope.problems.length) return undefined;
  return caseOf(c, request, { assert, grader, pinned, attached, built, looped });
}

/** A case being resolved: its suite's scope, where it is written, and what its checks may read. */
interface CaseScope {
  s: SuiteScope;
  rawCase: CaseFile;
  at: YamlPath;
  row: CaseItem['row'];
  here: CaseFaults;
  /** `case 'refund'`, else the entry's place: how messages name the case. */
  name: string;
  vars: Vars;
  /** False while `vars:` is malformed or may be misspelt: an undefined variable is then not worth saying. */
  varsSound: boolean;
  prompts: CasePrompts;
}

function caseScope(s: SuiteScope, rawCase: CaseFile, at: YamlPath, row: CaseItem['row'], here: CaseFaults): CaseScope {
  const name = typeof rawCase.id === 'string' && !row ? `case '${rawCase.id}'` : describe(at);
  // Each check below that concludes from a key's absence waits while that key may be misspelt.
  const varsSound = here.readable('vars');
  const vars: Vars = varsSound ? { ...s.raw.vars, ...rawCase.vars } : {};
  const prompts = s.promptFiles.forCase({ name, vars, varsSound, problems: s.problems });
  return { s, rawCase, at, row, here, name, vars, varsSound, prompts };
}

/** Says an undefined variable (or an unknown template form) found in the value at `base`, at its place. */
function onMissing(c: CaseScope, base: YamlPath): (sub: YamlPath, name: string) => void {
  const { locator, promptFiles, problems } = c.s;
  return (sub, name) => {
    const p = [...base, ...sub];
    if (name.startsWith('{{')) {
      // A dataset's rows share the template: said once at its place, not once a row.
      const loc = locator.loc(p, { needle: name });
      if (promptFiles.firstTime(`${loc.line}:${loc.col}:${name}`)) problems.push({ ...loc, message: unknownFormMessage(name, describe(p)) });
      return;
    }
    if (!c.varsSound) return;
    const forCase = p[0] === 'cases' ? '' : ` (for ${c.name})`;
    if (c.row) return void problems.push(c.row.undefinedVariable(name, describe(p) + forCase, locator.loc(p, { needle: name }), Object.keys(c.vars)));
    const message = `undefined variable '{{${name}}}' in ${describe(p)}${forCase}${hint(name, Object.keys(c.vars))}; define it under vars: (suite or case)`;
    problems.push({ ...locator.loc(p, { needle: name }), message });
  };
}

function checkPromptOrMessages({ s, rawCase, at, here, name }: CaseScope): void {
  // Not a reason to stop: the case's other problems are still worth reporting in the same pass.
  // A request builder may give the messages itself: then the case needs neither.
  const byBuilder = rawCase.prompt === undefined && ((rawCase.request ?? s.raw.request) !== undefined || here.misspelt('request'));
  if ((rawCase.prompt === undefined) === (rawCase.messages === undefined) && !byBuilder && !here.caseMisspelt('prompt') && !here.caseMisspelt('messages')) {
    s.problems.push({ ...s.locator.loc(at), message: `${name} needs exactly one of prompt or messages` });
  }
}

interface DraftedRequest {
  request: RequestDraft;
  output: OutputConfigOfCase;
  attached: AttachedFiles | undefined;
  built: BuiltRequest | undefined;
}

/** The request as the suite and case write it, templated, with its output config, attachments and request builder applied. */
async function requestOf(c: CaseScope): Promise<DraftedRequest> {
  const { s, rawCase, at, here } = c;
  const { raw, dir, locator, problems, warnings } = s;
  const request: RequestDraft = {};
  for (let k = 0; k < REQUEST_KEYS.length; k++) {
    const key = REQUEST_KEYS[k]!;
    const value = rawCase[key] !== undefined ? rawCase[key] : raw[key];
    if (value !== undefined) request[key] = value;
  }
  const own = rawCase.system !== undefined;
  if (request.system !== undefined && (own ? here.caseSound('system') : here.suiteSound('system'))) {
    const where: YamlPath = own ? [...at, 'system'] : ['system'];
    const system = c.prompts.render(request.system, where, 'system', onMissing(c, where));
    request.system = system instanceof Promise ? await system : system;
  }
  request.max_tokens ??= DEFAULT_MAX_TOKENS;
  const configured = here.sound('effort') && here.sound('output_schema') ? outputConfigOf(raw, rawCase, at, dir) : ({ problems: [] } as OutputConfigOfCase);
  const output = configured instanceof Promise ? await configured : configured;
  for (const p of output.problems) problems.push({ ...locator.loc(p.at), message: p.message });
  if (output.config) request.output_config = output.config;
  Object.assign(request, raw.params, rawCase.params);
  const key = rawCase.prompt !== undefined ? 'prompt' : 'messages';
  const where: YamlPath = [...at, key];
  const asked = c.prompts.render(
    rawCase[key],
    where,
    key === 'prompt' ? 'messages[0].content' : 'messages',
    here.caseSound(key) ? onMissing(c, where) : undefined,
  );
  const text = asked instanceof Promise ? await asked : asked;
  request.messages = key === 'prompt' ? [{ role: 'user', content: text }] : text;
  const attaching =
    here.caseSound('messages') && here.caseSound('attachments') && here.caseSound('prompt') ? attachFiles(request, rawCase, at, dir, c.name) : undefined;
  const attached = attaching instanceof Promise ? await attaching : attaching;
  for (const p of attached?.problems ?? []) problems.push({ ...locator.loc(p.at), message: p.message });
  const building = c.varsSound && here.sound('request') ? applyRequestBuilder(request, raw, rawCase, at, dir, c.vars) : undefined;
  const built = building && (await building);
  for (const p of built?.problems ?? []) problems.push({ ...locator.loc(p.at), message: p.message });
  for (const w of built?.warnings ?? []) warnings.push({ ...locator.loc(w.at), message: w.message });
  return { request, output, attached, built };
}

/** The tools the request defines, once they can be known, and whether its tool_choice names one of them. */
function toolsOf({ s, rawCase, at, here, name }: CaseScope, request: RequestDraft, built: BuiltRequest | undefined): DefinedTools | undefined {
  // Tools may come from the suite, the case or params; the request holds whichever won.
  const toolsSound = here.readable('tools') && here.readable('params') && here.sound('tool_choice') && !built?.problems.length;
  const names = toolsSound ? definedToolNames(request.tools) : undefined;
  // Said once for the suite when the case uses the suite's tools, once per case when it has its own.
  const tools = names && { names, owner: rawCase.tools !== undefined || rawCase.params?.tools !== undefined ? name : 'this suite' };
  const choice = request.tool_choice as { type?: unknown; name?: unknown } | undefined;
  if (tools && choice?.type === 'tool' && typeof choice.name === 'string' && !tools.names.includes(choice.name)) {
    const where: YamlPath = rawCase.tool_choice !== undefined ? [...at, 'tool_choice', 'name'] : ['tool_choice', 'name'];
    s.problems.push({ ...s.locator.loc(where), message: `tool_choice: ${notDefined(choice.name, tools)}` });
  }
  return tools;
}

function checkToolLoop({ s }: CaseScope, looped: ToolLoopOfCase | undefined, tools: DefinedTools | undefined): void {
  if (looped?.problem) s.problems.push({ ...s.locator.loc(looped.problem.at), message: looped.problem.message });
  // A scripted result for a tool the request does not define could never be called: a typo.
  for (const [j, r] of (tools ? (looped?.written?.results ?? []) : []).entries()) {
    if (!tools!.names.includes(r.tool))
      s.problems.push({ ...s.locator.loc([...looped!.at, 'results', j, 'tool']), message: `tool_loop.results: ${notDefined(r.tool, tools!)}` });
  }
  // A handler for no tool of this request may serve another (an app's one map of handlers), so only a warning;
  // one that is no function answers nothing.
  const handlers = looped?.handlerNames;
  if (!handlers || !tools) return;
  const at = s.locator.loc([...looped!.at, 'handlers']);
  for (const name of handlers.names.filter((n) => !tools.names.includes(n)))
    s.warnings.push({ ...at, message: `tool_loop.handlers: handler ${notDefined(name, tools)}` });
  for (const name of handlers.notFunctions) s.warnings.push({ ...at, message: `tool_loop.handlers: '${name}' is not a function, so it answers nothing` });
}

/** The case's assertions (the suite's defaults first) whose shape is sound, templated, each with where it is written. */
function specsOf(c: CaseScope, tools: DefinedTools | undefined): { entries: YamlPath[]; assert: AssertionSpec[] } {
  const { s, rawCase, at } = c;
  const { raw, faults, locator, problems } = s;
  const written: YamlPath[] = [];
  for (let j = 0; j < s.defaultAsserts.length; j++) written.push(['defaults', 'assert', j]);
  const own = Array.isArray(rawCase.assert) ? rawCase.assert.length : 0;
  for (let j = 0; j < own; j++) written.push([...at, 'assert', j]);
  const entries = faults.any ? written.filter((p) => faults.soundUnder(p)) : written;
  const assert = entries.map((p) => toSpec(pick(raw, p) as AssertionEntry, p, locator, problems, onMissing(c, p), c.vars));
  if (tools) {
    for (let k = 0; k < assert.length; k++) {
      for (const problem of undefinedToolsIn(assert[k]!, tools)) problems.push({ ...locator.loc([...entries[k]!, ...problem.at]), message: problem.message });
    }
  }
  return { entries, assert };
}

/** Adds the problems the assertions' own checks find; a promise only where a check is asynchronous (most are not, and a suite has many cases). */
function checkSpecs({ s }: CaseScope, assert: AssertionSpec[], grader: Partial<GraderConfig>, graderSound: boolean): Promise<unknown> | undefined {
  let pending: Promise<void>[] | undefined;
  for (const spec of assert) {
    // Only a rubric's check reads the grader (is there a model?), so only it waits on a grader problem.
    if (!graderSound && innermost(spec).name === 'rubric') continue;
    const checking = checkSpec(spec, s.dir, grader, s.problems);
    if (checking) (pending ??= []).push(checking);
  }
  return pending && Promise.all(pending);
}

/** Adds the warnings about the assertions' patterns, in their order; a promise only where a schema file is read. */
function warnPatterns({ s }: CaseScope, entries: YamlPath[], assert: AssertionSpec[]): Promise<void> | undefined {
  const found = assert.map((spec) => patternWarnings(spec, s.dir));
  const place = (all: PatternWarning[][]) => {
    for (let k = 0; k < all.length; k++)
      for (const w of all[k]!) s.warnings.push({ ...s.locator.loc([...entries[k]!, ...w.at], { key: w.key }), message: w.message });
  };
  if (!found.every((ws) => Array.isArray(ws))) return Promise.all(found.map(async (ws) => ws)).then(place);
  place(found as PatternWarning[][]);
  return undefined;
}

/** What the case's model answers with a 400, and models at their end of life, once the keys they read are sound. */
function checkModels(
  { s, rawCase, at, here }: CaseScope,
  request: RequestDraft,
  built: BuiltRequest | undefined,
  apiVersion: string,
  entries: YamlPath[],
  assert: AssertionSpec[],
  graderSound: boolean,
): void {
  const { raw, locator, problems, warnings, day } = s;
  if (!RULE_KEYS.every((key) => here.readable(key)) || built?.problems.length) return;
  const origin: Origin = (key) => {
    if (built?.keys.has(key === 'effort' ? 'output_config' : key)) return built.at;
    if (key === 'messages') return [...at, 'messages'];
    const param = (p: Record<string, unknown> | undefined) => (key === 'effort' ? (p?.output_config as { effort?: unknown } | undefined)?.effort : p?.[key]);
    const inParams = (base: YamlPath) => (key === 'effort' ? [...base, 'params', 'output_config', 'effort'] : [...base, 'params', key]);
    if (param(rawCase.params) !== undefined) return inParams(at);
    if (param(raw.params) !== undefined) return inParams([]);
    return rawCase[key] !== undefined ? [...at, key] : [key];
  };
  for (const f of modelRuleProblems(request, origin, apiVersion)) problems.push({ ...locator.loc(f.at), message: f.message });
  // Every model of a matrix gets the request with only its model changed: what it would answer with a 400 is said now.
  const matrix = matrixModels(raw, rawCase, at);
  for (const m of matrix) {
    const own: Origin = (key) => (key === 'model' ? m.at : origin(key));
    for (const f of modelRuleProblems({ ...request, model: m.model }, own, apiVersion)) problems.push({ ...locator.loc(f.at), message: f.message });
  }
  // So is every model the run names (--model), at the key each rule is about.
  for (const model of s.forcedModels) {
    for (const f of modelRuleProblems({ ...request, model }, origin, apiVersion))
      problems.push({ ...locator.loc(f.at), message: `under ${model}, as this run asks: ${f.message}` });
  }
  const graders = graderSound ? graderModels(raw, rawCase, at, entries, assert) : [];
  const named = [{ model: request.model, at: origin('model') }, ...matrix, ...graders];
  for (const u of unknownModels(named, day)) problems.push({ ...locator.loc(u.at), message: u.message });
  for (const w of modelWarnings(named, day)) warnings.push({ ...locator.loc(w.at), message: w.message });
}

/** The resolved case, from a suite with no problem. */
function caseOf(
  { s, rawCase, at, vars, prompts }: CaseScope,
  request: RequestDraft,
  {
    assert,
    grader,
    pinned,
    attached,
    built,
    looped,
  }: {
    assert: AssertionSpec[];
    grader: Partial<GraderConfig>;
    pinned: string | undefined;
    attached: AttachedFiles | undefined;
    built: BuiltRequest | undefined;
    looped: ToolLoopOfCase | undefined;
  },
): Case {
  const { raw, locator } = s;
  const skip = rawCase.skip;
  const cached = withCachedPrefix(request as unknown as Anthropic.MessageCreateParamsNonStreaming, raw.cache);
  const c: Case = {
    id: rawCase.id,
    name: rawCase.name,
    description: rawCase.description,
    loc: locator.loc(at),
    request: cached.request,
    stream: built?.stream ?? rawCase.stream ?? raw.stream ?? false,
    assert,
    repeat: rawCase.repeat ?? raw.defaults?.repeat ?? 1,
    minPassRate: rawCase.min_pass_rate ?? raw.defaults?.min_pass_rate ?? 1,
    threshold: rawCase.threshold,
    tags: tagsOf(raw, rawCase),
    skip: skip === true ? 'skip: true' : typeof skip === 'string' ? skip : undefined,
    only: rawCase.only ?? false,
    vars,
    grader: { model: grader.model ?? '', threshold: grader.threshold ?? DEFAULT_GRADER_THRESHOLD, max_tokens: grader.max_tokens ?? DEFAULT_MAX_TOKENS },
  };
  // The optional fields set only where they hold something, not spread into the literal: V8 builds a
  // literal with spreads among its fields several times slower, once a case.
  if (cached.added) c.cacheControlAdded = cached.added;
  if (pinned !== undefined) c.apiVersion = pinned;
  const models = rawCase.models ?? raw.models;
  if (models) c.models = models;
  if (prompts.sources.length) c.sources = prompts.sources;
  if (attached && Object.keys(attached.names).length) c.attachments = attached.names;
  if (looped?.loop) c.toolLoop = { ...looped.loop, loc: locator.loc(looped.at), written: looped.written };
  return c;
}

/** A case's tags: the suite's defaults, then its own, each once. */
function tagsOf(raw: SuiteFile, rawCase: CaseFile): string[] {
  const suite = raw.defaults?.tags ?? [];
  const own = rawCase.tags ?? [];
  return suite.length || own.length ? [...new Set([...suite, ...own])] : [];
}

/** The case as selection sees it, when it belongs to another shard than `shard`; undefined when it is this shard's or cannot be judged unresolved. */
function elsewhereStub(
  raw: SuiteFile,
  rawCase: CaseFile,
  at: YamlPath,
  locator: Locator,
  faults: ShapeFaults,
  { shard, models }: NonNullable<LoadOptions['shard']>,
): CaseStub | undefined {
  // A case with a shape problem is resolved, so its problems are said as a full load says them.
  if (typeof raw.name !== 'string' || typeof rawCase.id !== 'string' || faults.any) return undefined;
  const shards = shardsOfCase(raw.name, rawCase.id, models?.length ? models : (rawCase.models ?? raw.models), shard.total);
  if (shards.includes(shard.index)) return undefined;
  const only = rawCase.only ?? false;
  return {
    id: rawCase.id,
    name: rawCase.name,
    tags: tagsOf(raw, rawCase),
    only,
    shards,
    ...(only ? { loc: locator.loc(at) } : {}),
  };
}

function toSpec(
  entry: AssertionEntry,
  at: YamlPath,
  locator: Locator,
  problems: Diagnostic[],
  onMissing: (p: YamlPath, name: string) => void,
  vars: Vars,
): AssertionSpec {
  const names: string[] = [];
  for (const k of Object.keys(entry)) if (!(MODIFIERS as readonly string[]).includes(k)) names.push(k);
  const loc = locator.loc(at);
  const weight = (entry.weight as number | undefined) ?? 1;
  const target = (entry.target ?? 'text') as AssertionTarget;
  const label = entry.label as string | undefined;
  if (names.length !== 1) {
    const message = names.length
      ? `one assertion per list entry: found ${names.slice(0, -1).join(', ')} and ${names.at(-1)}; did you drop a '- '?`
      : 'an assertion entry needs an assertion name (contains, regex, ...)';
    problems.push({ ...loc, message });
    // Not any one of the names: checking, say, tool_called's arguments would read what is not there.
    return { weight, target, label, loc, name: 'invalid', args: undefined };
  }
  const name = names[0]!;
  // What the assertion's arguments leave undefined (a variable, or an unknown form) is said at its place under the name.
  const under = (p: YamlPath, n: string) => onMissing([name, ...p], n);
  if (name === 'not') return negation(entry, at, locator, problems, under, vars);
  if (TEXT_CHECKS.has(name)) numbersAsWritten(name, entry[name], [...at, name], locator, problems);
  return {
    weight,
    target,
    label,
    loc,
    name,
    args: typedEquals(entry[name], renderDeep(entry[name], vars, under, under), vars),
  };
}

/**
 * `equals: "{{n}}"` inside a check's arguments (json_path, tool_input) compares the variable's own
 * value: 5 or true, as a JSONL row holds it and as the JSON it is compared with does, not "5". Only
 * a placeholder alone; text around it makes text. A top-level `equals:` compares text either way.
 */
function typedEquals(written: unknown, rendered: unknown, vars: Vars): unknown {
  if (!written || typeof written !== 'object' || !rendered || typeof rendered !== 'object') return rendered;
  if (Array.isArray(written)) return (rendered as unknown[]).map((r, i) => typedEquals(written[i], r, vars));
  let out: Record<string, unknown> | undefined;
  for (const [key, w] of Object.entries(written as Record<string, unknown>)) {
    const lone = key === 'equals' && typeof w === 'string' ? lonePlaceholder(w) : undefined;
    const r = (rendered as Record<string, unknown>)[key];
    const typed = lone !== undefined && Object.hasOwn(vars, lone) ? vars[lone] : typedEquals(w, r, vars);
    if (typed !== r) (out ??= { ...(rendered as Record<string, unknown>) })[key] = typed;
  }
  return out ?? rendered;
}

/** Checks that compare text, which YAML may have read as a number or a boolean. */
const TEXT_CHECKS = new Set(['equals', 'contains', 'icontains', 'contains_all', 'contains_any']);

/**
 * A number or boolean that YAML read from text it does not print back (`007` is 7, `1.10` is 1.1,
 * `True` is true) is a problem at its place: the check would look for the text of the value read,
 * not the text written. Written as printed (`contains: 42`), it is fine.
 */
function numbersAsWritten(name: string, args: unknown, at: YamlPath, locator: Locator, problems: Diagnostic[]): void {
  const items: [unknown, YamlPath][] = Array.isArray(args) ? args.map((v, i) => [v, [...at, i]]) : [[args, at]];
  for (const [value, p] of items) {
    if (typeof value !== 'number' && typeof value !== 'boolean') continue;
    const raw = locator.written(p);
    if (raw === undefined || raw === String(value)) continue;
    problems.push({
      ...locator.loc(p),
      message: `${name}: YAML reads ${raw} as the ${typeof value} ${String(value)}, so "${String(value)}" is the text checked; quote it ("${raw}") to check the text as written`,
    });
  }
}

/**
 * `not:` with its modifiers (weight, target, label) written beside it or inside it, either way: the
 * negation and the check it wraps carry the same ones. Written both ways and different, it is a
 * problem at the inner one, not a silent pick (the outer target was dropped, the inner weight too).
 */
function negation(
  entry: AssertionEntry,
  at: YamlPath,
  locator: Locator,
  problems: Diagnostic[],
  under: (p: YamlPath, n: string) => void,
  vars: Vars,
): AssertionSpec {
  const innerEntry = entry.not as AssertionEntry;
  const inner = toSpec(innerEntry, [...at, 'not'], locator, problems, under, vars);
  const modifiers: { weight?: unknown; target?: unknown; label?: unknown } = {};
  for (const key of ['weight', 'target', 'label'] as const) {
    const outside = entry[key];
    const inside = innerEntry && typeof innerEntry === 'object' ? innerEntry[key] : undefined;
    if (outside !== undefined && inside !== undefined && outside !== inside)
      problems.push({
        ...locator.loc([...at, 'not', key]),
        message: `not: ${key} is written both beside not: (${show(outside, 40)}) and inside it (${show(inside, 40)}); write it once`,
      });
    modifiers[key] = outside ?? inside;
  }
  const weight = (modifiers.weight as number | undefined) ?? 1;
  const target = (modifiers.target ?? 'text') as AssertionTarget;
  const label = modifiers.label as string | undefined;
  return { weight, target, label, loc: locator.loc(at), name: 'not', args: { ...inner, weight, target, label } };
}

/** Adds the problems a check finds in its arguments; a promise only when the check is asynchronous. */
function checkSpec(spec: AssertionSpec, suiteDir: string, grader: Partial<GraderConfig>, problems: Diagnostic[]): Promise<void> | undefined {
  if (spec.name === 'not') return checkSpec(spec.args as AssertionSpec, suiteDir, grader, problems);
  const def = registry.get(spec.name);
  if (!def) {
    // In the schema but not implemented would be our bug; say so plainly rather than crash later.
    if (spec.name !== 'invalid') problems.push({ ...spec.loc, message: `assertion '${spec.name}' is not available in this version of promptgate` });
    return undefined;
  }
  const add = (messages: string[] | undefined) => {
    for (const message of messages ?? []) problems.push({ ...spec.loc, message: `${spec.name}: ${message}` });
  };
  const found = def.check?.(spec.args, { suiteDir, grader });
  if (found instanceof Promise) return found.then(add);
  add(found);
  return undefined;
}

function duplicateNames(files: LoadedFile[]): Diagnostic[] {
  const byName = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const { file, name } of files) {
    if (name === undefined) continue;
    const other = byName.get(name.text);
    if (other) out.push({ ...name.at, message: `suite name '${name.text}' is also used by ${other}; names must be unique (they name the fixtures folder)` });
    else byName.set(name.text, file);
  }
  return out;
}

/** The same problem found twice (a defaults.assert entry, checked for each case) is said once. */
function distinct(problems: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return problems.filter((d) => {
    const key = formatDiagnostic(d);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** The models of a case's matrix (`models:`, the case's over the suite's), each where it is named. */
function matrixModels(raw: SuiteFile, rawCase: CaseFile, at: YamlPath): { model: string; at: YamlPath }[] {
  const [list, base]: [unknown, YamlPath] = rawCase.models !== undefined ? [rawCase.models, [...at, 'models']] : [raw.models, ['models']];
  return Array.isArray(list) ? list.map((model: string, i) => ({ model, at: [...base, i] })) : [];
}

/** Where a case's grading models are named: its own grader:, the suite's, or a rubric's model:. */
function graderModels(raw: SuiteFile, rawCase: CaseFile, at: YamlPath, entries: YamlPath[], assert: AssertionSpec[]): { model: unknown; at: YamlPath }[] {
  const found: { model: unknown; at: YamlPath }[] =
    rawCase.grader?.model !== undefined
      ? [{ model: rawCase.grader.model, at: [...at, 'grader', 'model'] }]
      : raw.grader?.model !== undefined
        ? [{ model: raw.grader.model, at: ['grader', 'model'] }]
        : [];
  for (let k = 0; k < assert.length; k++) {
    const spec = assert[k]!;
    const inner = innermost(spec);
    const own = inner.name === 'rubric' && inner.args !== null && typeof inner.args === 'object' ? (inner.args as { model?: unknown }).model : undefined;
    if (own !== undefined && entries[k]) found.push({ model: own, at: [...entries[k]!, ...(spec.name === 'not' ? ['not'] : []), 'rubric', 'model'] });
  }
  return found;
}

function innermost(spec: AssertionSpec): AssertionSpec {
  return spec.name === 'not' ? innermost(spec.args as AssertionSpec) : spec;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick(root: unknown, p: YamlPath): unknown {
  let node = root;
  for (let i = 0; i < p.length; i++) node = (node as Record<string | number, unknown>)[p[i]!];
  return node;
}
