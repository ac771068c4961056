/**
 * Matchers for Claude answers. `toPassAssertion` evaluates any suite assertion, written as in
 * YAML, with the project's registry: the same semantics and the same reasons as a suite run.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { evaluateAssertions } from '../assertions/evaluate.ts';
import { fenceNote, parseJsonOutput } from '../assertions/json-parse.ts';
import { outputFrom } from '../assertions/output.ts';
import { MODIFIERS, registry } from '../assertions/registry.ts';
import { compileSchema, violations } from '../assertions/schema-validator.ts';
import { show } from '../assertions/show.ts';
import { callCost } from '../pricing/cost.ts';
import { usageFrom } from '../run-result.ts';
import type { AssertionSpec, AssertionTarget, Case } from '../suite/types.ts';
import { shownActual } from '../../reporters/reasons.ts';
import { ACCEPTS, asMessage, refusalOf, textOf, toolCallsOf } from './received.ts';

/** One entry of a suite's `assert:` list, as in YAML: `{ contains: 'refund' }`, `{ not: { regex: '...' } }`. */
export type AssertionEntry = { [name: string]: unknown; weight?: number; target?: AssertionTarget; label?: string };

export interface PassAssertionOptions {
  /** Where file arguments (json_schema: schemas/x.json, javascript: file) resolve. Default: the working directory. */
  dir?: string;
  /** The request that produced the answer: rubric graders read its question; custom checks see it. */
  request?: Anthropic.MessageCreateParamsNonStreaming;
  /** For `rubric`: the client that makes the grading call, and the grader model. */
  grader?: { client: Anthropic; model: string };
  /** For `latency` assertions. Default 0. */
  latencyMs?: number;
}

/**
 * What the matchers use of vitest's matcher context (`this`), and what they return. Declared here,
 * not imported: vitest 3 exports no `MatcherState` from 'vitest', and the result type is
 * `SyncExpectationResult` in 4 and `SyncMatcherResult` in 5, while the published .d.ts must resolve
 * on every major. vitest's own context has all of these members on 3, 4 and 5.
 */
interface MatcherState {
  isNot: boolean;
  customTesters: readonly unknown[];
  equals(a: unknown, b: unknown, customTesters?: unknown[]): boolean;
  utils: {
    printReceived(value: unknown): string;
    diff(expected: unknown, actual: unknown, options?: { omitAnnotationLines?: boolean }): string | null | undefined;
    iterableEquality: unknown;
    subsetEquality: unknown;
  };
}

interface SyncMatcherResult {
  pass: boolean;
  message: () => string;
  expected?: unknown;
  actual?: unknown;
}

function notAnswer(this: MatcherState, matcher: string, received: unknown): SyncMatcherResult {
  return { pass: this.isNot, message: () => `${matcher}: expected ${ACCEPTS}, received ${this.utils.printReceived(received)}` };
}

function toCallTool(this: MatcherState, received: unknown, name?: string, input?: Record<string, unknown>): SyncMatcherResult {
  const message = asMessage(received);
  if (!message) return notAnswer.call(this, 'toCallTool', received);
  const calls = toolCallsOf(message);
  const named = name === undefined ? calls : calls.filter((c) => c.name === name);
  const testers = [...this.customTesters, this.utils.iterableEquality, this.utils.subsetEquality];
  const matching = input === undefined ? named : named.filter((c) => this.equals(c.input, input, testers));
  const pass = matching.length > 0;
  const what = `${name === undefined ? 'a tool' : name}${input === undefined ? '' : ` with input matching ${JSON.stringify(input)}`}`;
  const refusal = refusalOf(message);
  const called = (calls.length ? calls.map((c) => `${c.name}(${JSON.stringify(c.input)})`).join(', ') : 'no tool') + (refusal ? `; ${refusal}` : '');
  return {
    pass,
    message: () => {
      if (pass) return `expected the answer not to call ${what}, but it called ${called}`;
      const head = `expected the answer to call ${what}, but it called ${called}`;
      const closest = named[0];
      if (!closest || input === undefined) return head;
      return `${head}\n\n${this.utils.diff(input, subsetOf(closest.input, input), { omitAnnotationLines: true }) ?? ''}`;
    },
    ...(input !== undefined && named[0] ? { expected: input, actual: named[0].input } : {}),
  };
}

/** The fields of `actual` that `expected` names, so the diff shows what differs, not what was left unchecked. */
function subsetOf(actual: unknown, expected: Record<string, unknown>): unknown {
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return actual;
  return Object.fromEntries(
    Object.keys(expected)
      .filter((k) => k in actual)
      .map((k) => [k, (actual as Record<string, unknown>)[k]]),
  );
}

function toMatchJsonSchema(this: MatcherState, received: unknown, schema: Record<string, unknown> | boolean): SyncMatcherResult {
  let value: unknown = received;
  let note = '';
  // Answers (a message, text, a sample output) are validated by their text; any other value as it is.
  const message = asMessage(received);
  if (message) {
    // Text answers are parsed as the json_schema assertion parses them (a ```json fence is allowed).
    const parsed = parseJsonOutput(textOf(message));
    const refusal = refusalOf(message);
    if (!parsed.ok)
      return {
        pass: this.isNot,
        message: () => `expected the answer to be JSON matching the schema, but ${parsed.error}; got ${show(textOf(message))}${refusal ? `; ${refusal}` : ''}`,
      };
    value = parsed.value;
    note = fenceNote(parsed);
  }
  const problems = violations(compileSchema(schema), value);
  const pass = problems.length === 0;
  const n = problems.length;
  return {
    pass,
    message: () =>
      pass
        ? `expected ${show(value)} not to match the schema${note}, but it does`
        : `expected ${show(value)} to match the schema${note}: ${n} violation${n === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  };
}

async function toPassAssertion(this: MatcherState, received: unknown, entry: AssertionEntry, options: PassAssertionOptions = {}): Promise<SyncMatcherResult> {
  const message = asMessage(received);
  if (!message) return notAnswer.call(this, 'toPassAssertion', received);
  const dir = options.dir ?? process.cwd();
  const problems: string[] = [];
  const spec = toSpec(entry, problems);
  if (!problems.length) await checkSpec(spec, dir, options, problems);
  if (problems.length) return { pass: this.isNot, message: () => `toPassAssertion: invalid assertion ${JSON.stringify(entry)}: ${problems.join('; ')}` };

  const usage = usageFrom(message.usage);
  const output = outputFrom(message, usage, options.latencyMs ?? 0, callCost(message.model, usage, { batch: false })?.total);
  const [result] = await evaluateAssertions([spec], {
    suiteDir: dir,
    case: caseFor(spec, options),
    output,
    signal: new AbortController().signal,
    grade: async (params) => {
      if (!options.grader) throw new Error('rubric needs a grader: pass { grader: { client, model } } as the second argument');
      return options.grader.client.messages.create(params);
    },
  });
  const r = result!;
  const title = `${r.negated ? 'not ' : ''}${r.name}`;
  const actual = r.pass ? r.actual : shownActual(r, refusalOf(message));
  const details = [r.expected !== undefined ? `  expected: ${r.expected}` : '', actual !== undefined ? `  actual:   ${actual}` : ''].filter(Boolean).join('\n');
  return {
    pass: r.pass,
    message: () =>
      r.pass ? `expected the answer to fail ${title}, but it passed: ${r.reason}` : `${title} failed: ${r.reason}${details ? `\n${details}` : ''}`,
  };
}

const AT = { file: '(toPassAssertion)', line: 0, col: 0 };

/** The YAML form to the spec the loader would build (modifiers, `not:`), problems collected. */
function toSpec(entry: AssertionEntry, problems: string[]): AssertionSpec {
  const base = { weight: entry.weight ?? 1, target: entry.target ?? 'text', label: entry.label, loc: AT };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push('an assertion is an object such as { contains: "text" }');
    return { ...base, name: 'invalid', args: undefined };
  }
  const names = Object.keys(entry).filter((k) => !(MODIFIERS as readonly string[]).includes(k));
  if (names.length !== 1) {
    problems.push(
      names.length ? `one assertion per entry; this one has ${names.join(' and ')}` : 'it needs an assertion name (contains, regex, tool_called, ...)',
    );
    return { ...base, name: 'invalid', args: undefined };
  }
  const name = names[0]!;
  if (name === 'not') return { ...base, name, args: toSpec(entry.not as AssertionEntry, problems) };
  if (!registry.has(name)) problems.push(`unknown assertion '${name}'; known: ${[...registry.keys()].sort().join(', ')}, not`);
  return { ...base, name, args: entry[name] };
}

async function checkSpec(spec: AssertionSpec, suiteDir: string, options: PassAssertionOptions, problems: string[]): Promise<void> {
  if (spec.name === 'not') return checkSpec(spec.args as AssertionSpec, suiteDir, options, problems);
  const grader = options.grader ? { model: options.grader.model } : {};
  for (const p of (await registry.get(spec.name)?.check?.(spec.args, { suiteDir, grader })) ?? []) problems.push(`${spec.name}: ${p}`);
}

function caseFor(spec: AssertionSpec, options: PassAssertionOptions): Case {
  return {
    id: 'toPassAssertion',
    loc: AT,
    request: options.request ?? { model: 'unknown', max_tokens: 1024, messages: [] },
    stream: false,
    assert: [spec],
    repeat: 1,
    minPassRate: 1,
    tags: [],
    vars: {},
    only: false,
    grader: { model: options.grader?.model ?? '', threshold: 0.5, max_tokens: 1024 },
  };
}

export const matchers = { toCallTool, toMatchJsonSchema, toPassAssertion };
