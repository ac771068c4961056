/**
 * The Console test-case `expected` vocabulary as suite assertions. Known keys map in a fixed
 * order so re-imports are byte-identical; anything else comes back in `unknown` for a TODO.
 * (Same behaviour as src/assertions/console-vocabulary.ts is meant to have; one should go.)
 */
import type { AssertionEntry, Todo } from './types.ts';

export interface MappedExpectations {
  assert: AssertionEntry[];
  unknown: Todo[];
}

const KNOWN = ['tool_called', 'category', 'confidence_above', 'confidence_below', 'contains'] as const;

export function mapConsoleExpected(expected: Record<string, unknown>): MappedExpectations {
  const assert: AssertionEntry[] = [];
  const unknown: Todo[] = [];
  const keep = (key: string) => unknown.push({ key, value: expected[key] });
  for (const key of KNOWN) {
    if (!Object.hasOwn(expected, key)) continue;
    const value = expected[key];
    const entry = mapOne(key, value);
    if (entry) assert.push(...entry);
    else keep(key);
  }
  for (const key of Object.keys(expected)) if (!(KNOWN as readonly string[]).includes(key)) keep(key);
  return { assert, unknown };
}

function mapOne(key: (typeof KNOWN)[number], value: unknown): AssertionEntry[] | undefined {
  switch (key) {
    case 'tool_called':
      if (value === null || value === false) return [{ tool_called: 'none' }];
      return typeof value === 'string' && value !== '' ? [{ tool_called: value }] : undefined;
    case 'category':
      return isScalar(value) ? [{ tool_input: { path: 'category', equals: value } }] : undefined;
    case 'confidence_above':
    case 'confidence_below': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
      return [{ tool_input: { path: 'confidence', [key === 'confidence_above' ? 'gt' : 'lt']: n } }];
    }
    case 'contains':
      if (typeof value === 'string' || typeof value === 'number') return [{ contains: value }];
      if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map((v) => ({ contains: v }));
      return undefined;
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
