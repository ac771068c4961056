/** Reading saved results: anything that is not a RunResult this version can read is refused with a reason. */
import { constants } from 'node:buffer';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { jsonTree, MAX_JSON_DEPTH, placeAt, parseJsonText, syntaxProblem } from '../json-text.ts';
import { readTextSource, type TextFileKind } from '../read-text.ts';
import { packageVersion } from '../package-root.ts';
import { RESULT_VERSION, type RunResult } from '../run-result.ts';
import { InputError } from '../input-error.ts';
import { violationsOf } from '../shipped-schema.ts';

/** JSON.parse says neither where nor, in words, what; syntaxProblem says both. */
function parseError(file: string, text: string): InputError {
  const { problem, ...at } = syntaxProblem(text);
  return new InputError({ file, ...at, message: `not valid JSON (${problem}); expected a promptgate results file (--results)` });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `suites[0].cases[2].status`, as a reader of the file would name the place. */
function placeName(segments: (string | number)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('') || 'the top level';
}

function describeError(e: ErrorObject, missing: string[]): string {
  if (e.keyword === 'required') return `${missing.map((k) => `"${k}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`;
  if (e.keyword === 'enum')
    return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(e.data)}`;
  const patternHint = (e.parentSchema as { patternHint?: string } | undefined)?.patternHint;
  if (e.keyword === 'pattern' && patternHint) return `${patternHint}, got ${JSON.stringify(e.data)}`;
  if (e.keyword === 'const') return `must be ${JSON.stringify(e.params.allowedValue)}, got ${JSON.stringify(e.data)}`;
  // 1e999 parses as Infinity, which JSON.stringify would show as null.
  return `${e.message ?? 'is not valid'}, got ${(typeof e.data === 'number' ? String(e.data) : JSON.stringify(e.data))?.slice(0, 60)}`;
}

/** Schema violations at the line of the value (or of the object missing a key), at most ten. */
function shapeErrors(file: string, text: string, errors: ErrorObject[]): InputError {
  const tree = jsonTree(text);
  // One line per object that lacks keys, naming them all.
  const missing = new Map<string, string[]>();
  for (const e of errors) if (e.keyword === 'required') missing.set(e.instancePath, [...(missing.get(e.instancePath) ?? []), String(e.params.missingProperty)]);
  const distinct = errors.filter((e) => e.keyword !== 'required' || missing.get(e.instancePath)?.[0] === String(e.params.missingProperty));
  const shown = distinct.slice(0, 10).map((e) => {
    const segments = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    const at = placeAt(text, tree, segments) ?? {};
    return { file, ...at, message: `not a valid promptgate results file: ${placeName(segments)}: ${describeError(e, missing.get(e.instancePath) ?? [])}` };
  });
  if (distinct.length > shown.length) shown.push({ file, message: `and ${distinct.length - shown.length} more problems` });
  return new InputError(shown);
}

/**
 * A results file may be as long as the longest string V8 holds: JSON.stringify cannot write a longer
 * one. The cap stops a huge file before it is read, not a file promptgate wrote.
 */
const MAX_RESULTS_BYTES = constants.MAX_STRING_LENGTH;

const RESULTS_FILE: TextFileKind = {
  noun: 'a results file',
  tooBig: (limit) => `a results file may be at most ${limit}`,
  notText: 'a results file is JSON',
  missing: 'no such results file',
  maxBytes: MAX_RESULTS_BYTES,
};

export async function readRunResult(file: string): Promise<RunResult> {
  const read = await readTextSource(file, RESULTS_FILE);
  if ('problem' in read) throw new InputError(read.problem);
  const text = read.source;
  const json = parseJsonText(text, MAX_JSON_DEPTH);
  if ('deep' in json) throw new InputError({ file, ...json.deep, message: `nested more than ${MAX_JSON_DEPTH} levels deep; not a promptgate results file` });
  if ('invalid' in json) throw parseError(file, text);
  const data = json.value;
  if (!isObject(data) || !isObject(data.tool) || data.tool.name !== 'promptgate') {
    throw new InputError({ file, message: 'not a promptgate results file (write one with `promptgate run --results FILE.json`)' });
  }
  if (data.version !== RESULT_VERSION) {
    throw new InputError({
      file,
      message: `results version ${JSON.stringify(data.version)} (written by promptgate ${String(data.tool.version)}); this promptgate (${packageVersion}) reads version ${RESULT_VERSION}: render it with the promptgate that wrote it, or run the suites again`,
    });
  }
  const problems = violationsOf('results.schema.json', data);
  if (problems.length) throw shapeErrors(file, text, problems);
  // The written totals are for readers outside promptgate; inside, counts come from the cases alone.
  delete data.totals;
  return data as unknown as RunResult;
}
