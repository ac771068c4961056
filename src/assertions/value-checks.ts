/** The checks json_path and tool_input share: equals, gte/lte/gt/lt, matches, exists, contains on one path. */
import { BoundedRegExp } from './bounded-regex.ts';
import { formatPath, kindOf, parsePath, resolvePath } from './json-path.ts';
import { show } from './show.ts';
import type { Verdict } from './types.ts';

export interface ValueChecks {
  equals?: unknown;
  gte?: number;
  lte?: number;
  gt?: number;
  lt?: number;
  matches?: string;
  exists?: boolean;
  contains?: unknown;
}

export const VALUE_CHECKS = ['equals', 'gte', 'lte', 'gt', 'lt', 'matches', 'exists', 'contains'] as const;
const COMPARE = { gte: '>=', lte: '<=', gt: '>', lt: '<' } as const;

export function hasValueCheck(args: object): boolean {
  return VALUE_CHECKS.some((k) => (args as Record<string, unknown>)[k] !== undefined);
}

/** Validate-time problems: a path that does not parse, a `matches` that does not compile. */
export function valueCheckProblems(path: string, checks: ValueChecks): string[] {
  const out: string[] = [];
  try {
    parsePath(path);
  } catch (e) {
    out.push((e as Error).message);
  }
  if (checks.matches !== undefined) {
    try {
      new RegExp(checks.matches);
    } catch (e) {
      out.push(`matches: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Checks one path of `root`; with no check given, the path must exist. `where` prefixes the path in reasons. */
export function checkValueAt(root: unknown, path: string, checks: ValueChecks, where = ''): Verdict {
  const segs = parsePath(path);
  const at = where + formatPath(segs);
  const r = resolvePath(root, segs);
  const wanted = VALUE_CHECKS.filter((k) => checks[k] !== undefined);
  if (wanted.length === 0) return checkValueAt(root, path, { exists: true }, where);
  const expected = wanted.map((k) => describeCheck(k, checks)).join(' and ');

  if (!r.found) {
    const pass = checks.exists === false && wanted.length === 1;
    const reason = pass
      ? `${at} is missing, as expected: ${r.why}`
      : checks.exists === true && wanted.length === 1
        ? `${at} is missing: ${r.why}`
        : `${at}: expected ${expected}, but it is missing: ${r.why}`;
    return { pass, reason, expected, actual: 'missing' };
  }
  const failures = wanted.map((k) => failure(k, checks, r.value)).filter((f): f is string => f !== undefined);
  const actual = show(r.value);
  if (failures.length === 0) return { pass: true, reason: `${at} is ${actual} (${expected})`, expected, actual };
  return { pass: false, reason: `${at}: ${failures.join('; ')}`, expected, actual };
}

function describeCheck(k: (typeof VALUE_CHECKS)[number], c: ValueChecks): string {
  switch (k) {
    case 'equals':
      return `equal to ${show(c.equals)}`;
    case 'matches':
      return `matching /${c.matches}/`;
    case 'exists':
      return c.exists ? 'to exist' : 'not to exist';
    case 'contains':
      return `containing ${show(c.contains)}`;
    default:
      return `${COMPARE[k]} ${c[k]}`;
  }
}

/** Why `value` fails check `k`, or undefined when it passes. */
function failure(k: (typeof VALUE_CHECKS)[number], c: ValueChecks, value: unknown): string | undefined {
  const got = show(value);
  switch (k) {
    case 'exists':
      return c.exists ? undefined : `expected not to exist, got ${got}`;
    case 'equals':
      return deepEqual(value, c.equals) ? undefined : `expected ${show(c.equals)}, got ${got}`;
    case 'matches': {
      const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
      return new BoundedRegExp(c.matches!).test(text) ? undefined : `expected to match /${c.matches}/, got ${got}`;
    }
    case 'contains':
      if (typeof value === 'string') return value.includes(String(c.contains)) ? undefined : `expected to contain ${show(c.contains)}, got ${got}`;
      if (Array.isArray(value)) return value.some((v) => deepEqual(v, c.contains)) ? undefined : `expected a list containing ${show(c.contains)}, got ${got}`;
      return `expected a string or list containing ${show(c.contains)}, got ${kindOf(value)} ${got}`;
    default: {
      const limit = c[k]!;
      if (typeof value !== 'number') return `expected a number ${COMPARE[k]} ${limit}, got ${kindOf(value)} ${got}`;
      const ok = k === 'gte' ? value >= limit : k === 'lte' ? value <= limit : k === 'gt' ? value > limit : value < limit;
      return ok ? undefined : `expected ${COMPARE[k]} ${limit}, got ${got}`;
    }
  }
}

/** JSON equality: same type, same keys, same items; key order does not matter. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => deepEqual(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
