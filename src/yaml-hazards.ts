/**
 * What a parsed YAML document may not hold before it becomes values: nesting too deep for the
 * recursive code after it (ajv, templating, canonical JSON), aliases that expand without bound or
 * into themselves, aliases to no anchor, and lists or mappings used as keys. Each is found on the
 * document, not the values, so it can be pointed at.
 */
import type { Alias, Document, Node } from 'yaml';
import { MAX_SUITE_BYTES } from './read-text.ts';
import { yaml } from './yaml-lib.ts';

/** An inline JSON Schema 30 levels deep is ~65 YAML levels; no suite needs more than 100. */
export const MAX_DEPTH = 100;

/**
 * What aliases may add, counted as one per value plus the characters of each string: as much as
 * a suite may hold written out, so what follows never sees more than a legal file could give it.
 * Without a bound, nine aliases of nine aliases of ... (a "billion laughs") pass in a 1 KB file.
 */
const MAX_ALIAS_EXPANSION = MAX_SUITE_BYTES;

export interface Hazard {
  /** `depth` and `expansion` are reported once, at the first place they happen. */
  kind: 'depth' | 'expansion' | 'alias' | 'key';
  offset: number;
  message: string;
}

interface Measure {
  height: number;
  size: number;
}

/** `what` names the file in messages: 'a suite' never needs 100 levels, nor does 'a price file'. */
export function yamlHazards(doc: Document, what = 'a suite'): Hazard[] {
  const { isAlias, isCollection, isMap, isPair, isScalar } = yaml();
  const hazards: Hazard[] = [];
  const measured = new Map<Node, Measure>();
  const open = new Set<Node>();
  let expansion = 0;
  let tooDeep = false;
  let tooBig = false;

  const measure = (node: unknown, depth: number): Measure => {
    if (isAlias(node)) return measureAlias(node, depth);
    if (!isCollection(node)) return { height: 0, size: 1 + (isScalar(node) && typeof node.value === 'string' ? node.value.length : 0) };
    if (depth >= MAX_DEPTH) {
      // Reported once, at the first place in reading order; descending further would only recurse more.
      if (!tooDeep)
        hazards.push({ kind: 'depth', offset: node.range?.[0] ?? 0, message: `nested more than ${MAX_DEPTH} levels deep; ${what} never needs that many` });
      tooDeep = true;
      return { height: 1, size: 1 };
    }
    open.add(node);
    let height = 0;
    let size = 1;
    for (const item of node.items) {
      const parts = isPair(item) ? [item.key, item.value] : [item];
      for (const [i, part] of parts.entries()) {
        if (part === null || part === undefined) continue;
        if (isPair(item) && i === 0 && (isCollection(part) || (isAlias(part) && isCollection(part.resolve(doc))))) {
          hazards.push({
            kind: 'key',
            offset: (part as Node).range?.[0] ?? 0,
            message: `a key must be a plain value, not a ${isMap(isAlias(part) ? part.resolve(doc) : part) ? 'mapping' : 'list'}`,
          });
        }
        const m = measure(part, depth + 1);
        height = Math.max(height, m.height);
        size += m.size;
      }
    }
    open.delete(node);
    const result = { height: height + 1, size };
    measured.set(node, result);
    return result;
  };

  const measureAlias = (alias: Alias, depth: number): Measure => {
    const at = alias.range?.[0] ?? 0;
    const target = alias.resolve(doc);
    if (!target) {
      hazards.push({ kind: 'alias', offset: at, message: `alias *${alias.source} has no anchor &${alias.source} before it` });
      return { height: 0, size: 1 };
    }
    if (open.has(target)) {
      hazards.push({ kind: 'alias', offset: at, message: `alias *${alias.source} is inside the value it names, which would make that value infinite` });
      return { height: 0, size: 1 };
    }
    // An anchor always comes before its aliases, so its value has been measured by now.
    const m = measured.get(target) ?? measure(target, depth);
    if (!tooDeep && depth + m.height > MAX_DEPTH) {
      hazards.push({
        kind: 'depth',
        offset: at,
        message: `alias *${alias.source} nests its value more than ${MAX_DEPTH} levels deep; ${what} never needs that many`,
      });
      tooDeep = true;
    }
    expansion += m.size;
    if (!tooBig && expansion > MAX_ALIAS_EXPANSION) {
      hazards.push({
        kind: 'expansion',
        offset: at,
        message: `aliases expand the suite past ${MAX_ALIAS_EXPANSION / (1024 * 1024)} MB of values by here (aliases of aliases multiply: an alias bomb?); write the values out instead`,
      });
      tooBig = true;
    }
    return m;
  };

  measure(doc.contents, 0);
  return hazards;
}
