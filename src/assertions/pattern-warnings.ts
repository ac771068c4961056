/**
 * Warnings for the user patterns of one assertion that are known to backtrack catastrophically
 * (catastrophic-pattern.ts), each at the pattern itself: a regex, a `matches`, a schema's `pattern`
 * or `patternProperties` key. A schema file's patterns are said at the assertion, with their pointer.
 */
import { isModuleRef } from '../suite/app-module.ts';
import type { YamlPath } from '../suite/locate.ts';
import type { AssertionSpec } from '../suite/types.ts';
import { REGEX_TIME_LIMIT_MS } from './bounded-regex.ts';
import { catastrophicWhy } from './catastrophic-pattern.ts';
import { loadSchema } from './schema-validator.ts';

export interface PatternWarning {
  /** Inside the assertion entry; `key` when the pattern is a key (patternProperties). */
  at: YamlPath;
  key?: boolean;
  message: string;
}

function catastrophicMessage(pattern: string, flags: string, why: string): string {
  return `/${pattern}/${flags} is known to backtrack catastrophically (${why}): on a long answer it can run for minutes, so a run stops it at ${REGEX_TIME_LIMIT_MS} ms and reports the check broken; rewrite it`;
}

/** Synchronous unless a schema file must be read: most assertions name none, and a suite has many. */
export function patternWarnings(spec: AssertionSpec, suiteDir: string): PatternWarning[] | Promise<PatternWarning[]> {
  if (spec.name === 'not') {
    const inner = patternWarnings(spec.args as AssertionSpec, suiteDir);
    const negated = (ws: PatternWarning[]) => ws.map((w) => ({ ...w, at: ['not', ...w.at] }));
    return Array.isArray(inner) ? negated(inner) : inner.then(negated);
  }
  const out = inlinePatternWarnings(spec.name, spec.args);
  const fields = spec.args && typeof spec.args === 'object' ? (spec.args as Record<string, unknown>) : {};
  const file = spec.name === 'json_schema' ? spec.args : spec.name === 'tool_input' ? fields.schema : undefined;
  if (typeof file !== 'string') return out;
  const at: YamlPath = spec.name === 'json_schema' ? [spec.name] : [spec.name, 'schema'];
  // A file that does not load is the schema check's error, not this one's.
  return loadSchema(file, suiteDir).then(
    (loaded) => {
      if (loaded && typeof loaded === 'object') walkSchema(loaded, (pattern, path) => warnIf(out, pattern, 'u', at, false, `${file} at /${path.join('/')}: `));
      return out;
    },
    () => out,
  );
}

/** The patterns written in the assertion itself (what `import` emits): a regex, a `matches`, an inline schema's. */
export function inlinePatternWarnings(name: string, args: unknown): PatternWarning[] {
  const out: PatternWarning[] = [];
  if (name === 'not' && args && typeof args === 'object') {
    const [inner] = Object.entries(args);
    return inner ? inlinePatternWarnings(...inner).map((w) => ({ ...w, at: ['not', ...w.at] })) : [];
  }
  const fields = args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
  if (name === 'regex') {
    if (typeof args === 'string') warnIf(out, args, '', [name]);
    else warnIf(out, fields.pattern, fields.flags, [name, 'pattern']);
    return out;
  }
  if (name === 'json_path' || name === 'tool_input') warnIf(out, fields.matches, '', [name, 'matches']);
  const schema = name === 'json_schema' ? args : name === 'tool_input' ? fields.schema : undefined;
  const at: YamlPath = name === 'json_schema' ? [name] : [name, 'schema'];
  if (schema && typeof schema === 'object' && !isModuleRef(schema))
    walkSchema(schema, (pattern, path, key) => warnIf(out, pattern, 'u', [...at, ...path], key));
  return out;
}

function warnIf(out: PatternWarning[], pattern: unknown, flags: unknown, at: YamlPath, key = false, where = ''): void {
  if (typeof pattern !== 'string') return;
  const f = typeof flags === 'string' ? flags : '';
  const why = catastrophicWhy(pattern, f);
  if (why) out.push({ at, ...(key ? { key } : {}), message: `${where}${catastrophicMessage(pattern, f, why)}` });
}

/** Data, not schema: a `pattern` key under these is a value. */
const VALUES = new Set(['const', 'enum', 'examples', 'default']);

function walkSchema(node: unknown, found: (pattern: string, path: YamlPath, key: boolean) => void, path: YamlPath = []): void {
  if (Array.isArray(node)) return node.forEach((v, i) => walkSchema(v, found, [...path, i]));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (VALUES.has(k)) continue;
    if (k === 'pattern' && typeof v === 'string') found(v, [...path, k], false);
    else if (k === 'patternProperties' && v && typeof v === 'object') {
      for (const [p, sub] of Object.entries(v)) {
        found(p, [...path, k, p], true);
        walkSchema(sub, found, [...path, k, p]);
      }
    } else walkSchema(v, found, [...path, k]);
  }
}
