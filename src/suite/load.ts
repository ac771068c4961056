/** Suite files in, validated and templated `Suite`s out; every problem found is reported at once. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { MODIFIERS, registry } from '../assertions/registry.ts';
import { canonicalJson } from '../canonical-json.ts';
import { hint } from './did-you-mean.ts';
import { InputError, sortDiagnostics, type Diagnostic } from '../input-error.ts';
import { discoverSuites } from './discover.ts';
import type { Locator, YamlPath } from './locate.ts';
import { parseSuiteYaml } from './parse-yaml.ts';
import { readSuiteSource } from './read-source.ts';
import { validateSuiteShape } from './schema.ts';
import { withCachedPrefix } from './cache-prefix.ts';
import { describe, shapeDiagnostics } from './shape-errors.ts';
import { renderDeep, type Vars } from './template.ts';
import type { AssertionSpec, AssertionTarget, Case, GraderConfig, Suite } from './types.ts';

const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_GRADER_THRESHOLD = 0.5;
/** Keys of a suite or case that go into the Messages API request as they are. */
const REQUEST_KEYS = ['model', 'max_tokens', 'system', 'tools', 'tool_choice', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'thinking'] as const;

type Raw = Record<string, any>;

/** Loads every suite under `paths`; throws one InputError listing every problem in every file. */
export async function loadSuites(paths: string[]): Promise<Suite[]> {
  const files = await discoverSuites(paths);
  const results = await Promise.all(files.map(loadSuiteFile));
  const problems = results.flatMap((r) => r.problems);
  const suites = results.flatMap((r) => (r.suite ? [r.suite] : []));
  problems.push(...duplicateNames(suites));
  if (problems.length) throw new InputError(sortDiagnostics(problems));
  return suites;
}

export async function loadSuiteFile(file: string): Promise<{ suite?: Suite; problems: Diagnostic[] }> {
  const read = await readSuiteSource(file);
  if ('problem' in read) return { problems: [read.problem] };
  const parsed = parseSuiteYaml(file, read.source);
  if ('problems' in parsed) return parsed;
  const { data, locator } = parsed;
  if (data === null || data === undefined) {
    return { problems: [{ file, line: 1, col: 1, message: 'the file is empty; a suite needs name, model and cases' }] };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [{ file, line: 1, col: 1, message: 'a suite is a mapping with name, model and cases, not ' + (Array.isArray(data) ? 'a list' : 'a ' + typeof data) }] };
  }
  const shape = validateSuiteShape(data);
  if (shape.length) return { problems: shapeDiagnostics(shape, locator) };
  return resolveSuite(data as Raw, file, locator);
}

async function resolveSuite(raw: Raw, file: string, locator: Locator): Promise<{ suite?: Suite; problems: Diagnostic[] }> {
  const problems: Diagnostic[] = [];
  const dir = path.resolve(path.dirname(file));
  const seenIds = new Map<string, number>();
  const cases: Case[] = [];

  for (const [i, rawCase] of (raw.cases as Raw[]).entries()) {
    const at: YamlPath = ['cases', i];
    const vars: Vars = { ...raw.vars, ...rawCase.vars };
    const missing = (base: YamlPath) => (sub: YamlPath, name: string) => {
      const p = [...base, ...sub];
      const message = `undefined variable '{{${name}}}' in ${describe(p)}${p[0] === 'cases' ? '' : ` (for case '${rawCase.id}')`}${hint(name, Object.keys(vars))}; define it under vars: (suite or case)`;
      problems.push({ ...locator.loc(p, { needle: name }), message });
    };

    const first = seenIds.get(rawCase.id);
    if (first !== undefined) {
      const prev = locator.loc(['cases', first]);
      problems.push({ ...locator.loc([...at, 'id']), message: `duplicate case id '${rawCase.id}' (first defined at ${prev.file}:${prev.line}:${prev.col})` });
    } else seenIds.set(rawCase.id, i);

    if ((rawCase.prompt === undefined) === (rawCase.messages === undefined)) {
      problems.push({ ...locator.loc(at), message: `case '${rawCase.id}' needs exactly one of prompt or messages` });
      continue;
    }

    const grader: Partial<GraderConfig> = { ...raw.grader, ...rawCase.grader };
    const request: Raw = {};
    for (const key of REQUEST_KEYS) {
      const own = rawCase[key] !== undefined;
      const value = own ? rawCase[key] : raw[key];
      if (value === undefined) continue;
      request[key] = key === 'system' ? renderDeep(value, vars, missing(own ? [...at, key] : [key])) : value;
    }
    request.max_tokens ??= DEFAULT_MAX_TOKENS;
    Object.assign(request, raw.params, rawCase.params);
    request.messages =
      rawCase.prompt !== undefined
        ? [{ role: 'user', content: renderDeep(rawCase.prompt as string, vars, missing([...at, 'prompt'])) }]
        : renderDeep(rawCase.messages, vars, missing([...at, 'messages']));

    const entries: YamlPath[] = [
      ...((raw.defaults?.assert ?? []) as unknown[]).map((_, j) => ['defaults', 'assert', j]),
      ...((rawCase.assert ?? []) as unknown[]).map((_, j) => [...at, 'assert', j]),
    ];
    const assert = entries.map((p) => toSpec(pick(raw, p), p, locator, problems, (sub, name) => missing(p)(sub, name), vars));
    await Promise.all(assert.map((spec) => checkSpec(spec, dir, grader, problems)));

    const skip = rawCase.skip;
    cases.push({
      id: rawCase.id,
      name: rawCase.name,
      description: rawCase.description,
      loc: locator.loc(at),
      request: withCachedPrefix(request as Anthropic.MessageCreateParamsNonStreaming, raw.cache),
      stream: rawCase.stream ?? raw.stream ?? false,
      assert,
      repeat: rawCase.repeat ?? raw.defaults?.repeat ?? 1,
      minPassRate: rawCase.min_pass_rate ?? raw.defaults?.min_pass_rate ?? 1,
      threshold: rawCase.threshold,
      tags: [...new Set([...(raw.defaults?.tags ?? []), ...(rawCase.tags ?? [])])],
      skip: skip === true ? 'skip: true' : typeof skip === 'string' ? skip : undefined,
      only: rawCase.only ?? false,
      vars,
      grader: { model: grader.model ?? '', threshold: grader.threshold ?? DEFAULT_GRADER_THRESHOLD, max_tokens: grader.max_tokens ?? DEFAULT_MAX_TOKENS },
    });
  }
  if (problems.length) return { problems };
  const suite: Omit<Suite, 'digest'> = { file, dir, name: raw.name, description: raw.description, maxCostUsd: raw.max_cost_usd, cases };
  const digest = createHash('sha256').update(canonicalJson({ name: suite.name, cases: cases.map(({ loc, ...c }) => c) })).digest('hex').slice(0, 16);
  return { suite: { ...suite, digest }, problems };
}

function toSpec(entry: Raw, at: YamlPath, locator: Locator, problems: Diagnostic[], onMissing: (p: YamlPath, name: string) => void, vars: Vars): AssertionSpec {
  const names = Object.keys(entry).filter((k) => !(MODIFIERS as readonly string[]).includes(k));
  const loc = locator.loc(at);
  const base = { weight: entry.weight ?? 1, target: (entry.target ?? 'text') as AssertionTarget, label: entry.label, loc };
  if (names.length !== 1) {
    const message = names.length
      ? `one assertion per list entry: found ${names.slice(0, -1).join(', ')} and ${names.at(-1)}; did you drop a '- '?`
      : 'an assertion entry needs an assertion name (contains, regex, ...)';
    problems.push({ ...loc, message });
    // Not any one of the names: checking, say, tool_called's arguments would read what is not there.
    return { ...base, name: 'invalid', args: undefined };
  }
  const name = names[0]!;
  if (name === 'not') return { ...base, name, args: toSpec(entry.not, [...at, 'not'], locator, problems, (p, n) => onMissing(['not', ...p], n), vars) };
  return { ...base, name, args: renderDeep(entry[name], vars, (p, n) => onMissing([name, ...p], n)) };
}

async function checkSpec(spec: AssertionSpec, suiteDir: string, grader: Partial<GraderConfig>, problems: Diagnostic[]): Promise<void> {
  if (spec.name === 'not') return checkSpec(spec.args as AssertionSpec, suiteDir, grader, problems);
  const def = registry.get(spec.name);
  if (!def) {
    // In the schema but not implemented would be our bug; say so plainly rather than crash later.
    if (spec.name !== 'invalid') problems.push({ ...spec.loc, message: `assertion '${spec.name}' is not available in this version of promptgate` });
    return;
  }
  for (const message of (await def.check?.(spec.args, { suiteDir, grader })) ?? []) problems.push({ ...spec.loc, message: `${spec.name}: ${message}` });
}

function duplicateNames(suites: Suite[]): Diagnostic[] {
  const byName = new Map<string, Suite>();
  const out: Diagnostic[] = [];
  for (const s of suites) {
    const other = byName.get(s.name);
    if (other) out.push({ file: s.file, line: 1, col: 1, message: `suite name '${s.name}' is also used by ${other.file}; names must be unique (they name the fixtures folder)` });
    else byName.set(s.name, s);
  }
  return out;
}

function pick(root: Raw, p: YamlPath): Raw {
  return p.reduce<any>((node, k) => node[k], root);
}
