/**
 * JSON files read with their places: where a syntax error is and what it is, where a value sits,
 * as `line:col`. JSON.parse keeps no positions and, in V8, names no position for most errors, so
 * the happy path parses with JSON.parse and jsonc-parser (strict JSON here) is asked only when a
 * place must be named.
 */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, visit, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { placesOf, type Place } from './text-place.ts';

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** For a text JSON.parse refused: the first problem's place and, in words, what it is ("comma expected"). */
export function syntaxProblem(text: string): Place & { problem: string } {
  const errors: ParseError[] = [];
  parse(text, errors, STRICT);
  const first = errors[0];
  const words = first
    ? printParseErrorCode(first.error)
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()
    : 'unexpected end of the file';
  return { ...placesOf(text, [first?.offset ?? text.length])[0]!, problem: words };
}

/**
 * A parsed text's value nodes, to find places by path (only built when a place is needed). None for
 * a text deeper than any reader takes: parseTree recurses, and a text JSON.parse read may still nest
 * that deep under a key given twice (parseJsonText); its problems are then said without places.
 */
export function jsonTree(text: string): Node | undefined {
  return tooDeep(text, MAX_JSON_DEPTH) ? undefined : parseTree(text, [], STRICT);
}

/** Where the value at `path` starts (`['suites', 0, 'status']`), if it is there. */
export function placeAt(text: string, tree: Node | undefined, path: (string | number)[]): Place | undefined {
  const node = tree && findNodeAtLocation(tree, path);
  return node ? placesOf(text, [node.offset])[0] : undefined;
}

/**
 * Where each element of the list at `path` starts (`[]` for a top-level list). Read by visiting,
 * not from jsonTree: a large export's whole tree costs far more than the offsets wanted.
 */
export function elementPlaces(text: string, path: (string | number)[]): Place[] {
  const offsets: number[] = [];
  let depth = 0;
  const inList = (where: JSONPath) => where.length === path.length + 1 && path.every((k, i) => where[i] === k);
  const value = (offset: number, where: () => JSONPath) => {
    if (depth === path.length + 1 && inList(where())) offsets.push(offset);
  };
  const open = (offset: number, _length: number, _line: number, _col: number, where: () => JSONPath) => {
    value(offset, where);
    depth++;
  };
  const close = () => void depth--;
  visit(
    text,
    {
      onObjectBegin: open,
      onObjectEnd: close,
      onArrayBegin: open,
      onArrayEnd: close,
      onLiteralValue: (_v, offset, _l, _line, _col, where) => value(offset, where),
    },
    STRICT,
  );
  return placesOf(text, offsets);
}

/** A JSON text's value; where it nests deeper than `max`; or JSON.parse's refusal (syntaxProblem places it). */
export type JsonRead = { value: unknown } | { deep: Place } | { invalid: SyntaxError };

/**
 * A JSON text read under the depth bound every JSON reader keeps: the code after JSON.parse
 * (jsonc-parser, ajv, JSON.stringify) recurses and would overflow the stack on a deep value, though
 * V8's JSON.parse takes any depth. Parsed first, the depth checked on the value: for a large results
 * file that walk costs a fifth of scanning its text (merge reads two). The text is scanned only to
 * place a fault, and a text JSON.parse refuses is checked for depth first, since placing its syntax
 * problem recurses too.
 *
 * The value is not the whole text: a key given twice keeps only its last value, and a deep one before
 * it is in the text alone. `rereads`: the caller reads the text again with jsonc-parser whatever it
 * holds (import places every row), so the text is checked first, as the value cannot say. Readers
 * that read it again only to place a problem get no tree for such a text (jsonTree).
 */
export function parseJsonText(text: string, max: number, { rereads = false } = {}): JsonRead {
  if (rereads) {
    const deep = tooDeep(text, max);
    if (deep) return { deep };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const deep = rereads ? undefined : tooDeep(text, max);
    return deep ? { deep } : { invalid: e as SyntaxError };
  }
  // A text with few brackets in all (a cassette) cannot nest deeper: counting them is cheaper than the walk.
  return !openingsAtMost(text, max) && nestsDeeper(value, max) ? { deep: tooDeep(text, max) ?? { line: 1, col: 1 } } : { value };
}

/** Whether a parsed value holds lists and objects more than `max` deep; a loop, so any depth is safe to ask. */
function nestsDeeper(value: unknown, max: number): boolean {
  const nodes: object[] = [];
  const depths: number[] = [];
  // Only what nests is stacked: strings and numbers cannot deepen a value.
  const stack = (inner: unknown, depth: number) => {
    if (inner !== null && typeof inner === 'object') {
      nodes.push(inner);
      depths.push(depth);
    }
  };
  stack(value, 1);
  while (nodes.length) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > max) return true;
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) stack(node[i], depth + 1);
    // Own keys only: what JSON.parse built has no others, but a module run before may have added some to Object.prototype.
    else for (const key in node) if (Object.hasOwn(node, key)) stack((node as Record<string, unknown>)[key], depth + 1);
  }
  return false;
}

/** Where a JSON text first nests deeper than `max` lists and objects, if it does (parseJsonText says why it matters). */
export function tooDeep(text: string, max: number): Place | undefined {
  // A text with no more than `max` opening brackets in all cannot nest deeper: most need no walk.
  if (openingsAtMost(text, max)) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string: a bracket inside one is text.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return placesOf(text, [i])[0];
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** Whether `text` holds at most `max` of `{` and `[` together (in strings too: a count that errs high). */
function openingsAtMost(text: string, max: number): boolean {
  let n = 0;
  for (const bracket of ['{', '[']) for (let i = text.indexOf(bracket); i >= 0; i = text.indexOf(bracket, i + 1)) if (++n > max) return false;
  return true;
}

/**
 * The nesting a JSON file promptgate writes may have (results, cassettes hold the model's own values):
 * far more than a hand-written file needs, far less than the recursion after parsing survives.
 */
export const MAX_JSON_DEPTH = 1000;
