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

/** A parsed text's value nodes, to find places by path (only built when a place is needed). */
export function jsonTree(text: string): Node | undefined {
  return parseTree(text, [], STRICT);
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

/**
 * Where a JSON text first nests deeper than `max` lists and objects, if it does. Checked before
 * parsing: JSON.parse takes any depth, but the code after it (jsonc-parser, ajv, JSON.stringify)
 * recurses and would overflow the stack.
 */
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
