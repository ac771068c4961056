/** Turns ajv's errors on a suite into one plain sentence each, located in the YAML. */
import type { ErrorObject } from 'ajv';
import { hint } from './did-you-mean.ts';
import type { Diagnostic } from '../input-error.ts';
import type { Locator, YamlPath } from './locate.ts';

export function shapeDiagnostics(errors: ErrorObject[], locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // A failed oneOf reports each branch's complaint too. For a list where only one branch is a list,
  // that branch's complaints name the wrong item; otherwise the oneOf's own summary says it.
  const hidden: string[] = [];
  const unwrapped = new Set<ErrorObject>();
  for (const e of errors.filter((x) => x.keyword === 'oneOf')) {
    const only = Array.isArray(e.data) ? listBranch(e.schema) : undefined;
    const inside = only === undefined ? [] : errors.filter((x) => x.schemaPath.startsWith(`${e.schemaPath}/${only}/`));
    if (inside.length === 0) {
      hidden.push(`${e.schemaPath}/`);
      continue;
    }
    unwrapped.add(e);
    const branches = Array.isArray(e.schema) ? e.schema.length : 0;
    for (let i = 0; i < branches; i++) if (i !== only) hidden.push(`${e.schemaPath}/${i}/`);
  }
  for (const e of errors) {
    if (unwrapped.has(e)) continue;
    if (e.keyword !== 'oneOf' && hidden.some((p) => e.schemaPath.startsWith(p))) continue;
    if (e.keyword === 'if') continue;
    const path = pointerToPath(e.instancePath);
    const unknownKey = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
    // One message per place: an empty model breaks minLength and pattern, but one sentence says it.
    const key = unknownKey ? `${e.instancePath}|${unknownKey}` : e.instancePath;
    if (seen.has(key)) continue;
    seen.add(key);
    const loc = unknownKey ? locator.loc([...path, unknownKey], { key: true }) : locator.loc(path);
    out.push({ ...loc, message: sentence(e, path, unknownKey) });
  }
  return out;
}

function sentence(e: ErrorObject, path: YamlPath, unknownKey: string | undefined): string {
  const where = describe(path);
  const schema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(schema?.properties ?? {});
      const isAssertion = known.includes('contains') && known.includes('weight');
      return isAssertion
        ? `unknown assertion '${unknownKey}'${hint(unknownKey!, known)}`
        : `unknown key '${unknownKey}' in ${where}${hint(unknownKey!, known)}`;
    }
    case 'required':
      return `${where} is missing required key '${e.params.missingProperty}'`;
    case 'type':
      return `${where} must be ${article(String(e.params.type))}, not ${typeName(e.data)}`;
    case 'enum': {
      const allowed = e.params.allowedValues as unknown[];
      const near =
        typeof e.data === 'string'
          ? hint(
              e.data,
              allowed.filter((v): v is string => typeof v === 'string'),
            )
          : '';
      return `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(e.data)}${near}`;
    }
    case 'const':
      return `${where} must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'pattern': {
      // The schema's own `patternHint` says in words what the regular expression means.
      const said = (e.parentSchema as { patternHint?: string } | undefined)?.patternHint;
      return `${where} ${JSON.stringify(e.data)} ${said ?? `does not match ${e.params.pattern}`}`;
    }
    case 'minItems':
      return `${where} must have at least ${e.params.limit} item${e.params.limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `${where} must not be empty`;
    case 'minLength':
      return `${where} must not be empty`;
    case 'oneOf':
      return `${where} has the wrong shape: expected ${branches(e.schema)}, got ${typeName(e.data)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${where} ${e.message}; got ${JSON.stringify(e.data)}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/** A human name for a place in a suite: "case 2 (`cases[1]`)" reads worse than "cases[1].assert[0]". */
export function describe(path: YamlPath): string {
  if (path.length === 0) return 'the suite';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function pointerToPath(pointer: string): YamlPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The one branch of a oneOf that takes a list, if exactly one does. */
function listBranch(schema: unknown): number | undefined {
  if (!Array.isArray(schema)) return undefined;
  const lists = schema.flatMap((b: { type?: string | string[] }, i) => ([b.type ?? []].flat().includes('array') ? [i] : []));
  return lists.length === 1 ? lists[0] : undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined)
    return `${typeof v === 'number' && Number.isInteger(v) ? 'an integer' : `a ${typeof v}`} (${String(v)})`;
  return `a ${typeof v}`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    integer: 'an integer',
    string: 'a string',
    number: 'a number',
    boolean: 'a boolean',
  };
  // ajv gives a list of types as "string,number,boolean": a string, a number or a boolean.
  const each = type.split(',').map((t) => names[t] ?? t);
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} or ${each.at(-1)}` : each[0]!;
}

function branches(schema: unknown): string {
  if (!Array.isArray(schema)) return 'another shape';
  return schema
    .map((b: { type?: string | string[]; required?: string[] }) => {
      const t = [b.type ?? 'value'].flat().join(' or ');
      return b.required ? `${article(t)} with ${b.required.join(', ')}` : article(t);
    })
    .join(', or ');
}
