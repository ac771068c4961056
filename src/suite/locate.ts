import type { Document, Node } from 'yaml';
import type { PlainPlaces } from './plain-yaml.ts';
import { placeFinder, type Place } from '../text-place.ts';
import type { Loc } from './types.ts';
import { yaml } from '../yaml-lib.ts';

export type YamlPath = (string | number)[];

/**
 * Maps paths into a suite's YAML back to `file:line:col`. From the plain reader's index where it
 * has the place; otherwise from yaml's Document, parsed on first need if not given.
 */
export class Locator {
  readonly file: string;
  /** The text as read: what a shard digests (suite/digest.ts). */
  readonly source: string;
  private readonly starts: PlainPlaces | undefined;
  private parsed: Document | undefined;
  private placeOf: ((offset: number) => Place) | undefined;

  constructor(file: string, source: string, from?: { doc: Document } | { starts: PlainPlaces }) {
    this.file = file;
    this.source = source;
    this.parsed = from && 'doc' in from ? from.doc : undefined;
    this.starts = from && 'starts' in from ? from.starts : undefined;
  }

  private get doc(): Document {
    return (this.parsed ??= yaml().parseDocument(this.source));
  }

  at(offset: number): Loc {
    const { line, col } = (this.placeOf ??= placeFinder(this.source))(offset);
    return { file: this.file, line, col };
  }

  /** The deepest existing node on `path` (so a missing key points at its parent mapping). */
  node(path: YamlPath): Node | undefined {
    const { isMap, isNode, isSeq } = yaml();
    let node: unknown = this.doc.contents;
    for (const key of path) {
      if (isMap(node) || isSeq(node)) {
        const next = node.get(key, true);
        if (!isNode(next)) break;
        node = next;
      } else break;
    }
    return isNode(node) ? node : undefined;
  }

  /**
   * The plain scalar at `path` as the file writes it (`007` where the value read is 7), if one is there.
   * From the fast reader's starts when it has them (a plain number or boolean runs to a space, comma,
   * bracket or comment), so asking does not parse the file again.
   */
  written(path: YamlPath): string | undefined {
    const start = this.starts?.startsAt(path)?.start;
    if (start !== undefined) return /^[^\s,\]}#]+/.exec(this.source.slice(start, start + 100))?.[0];
    const node = this.node(path);
    return yaml().isScalar(node) && node.range ? this.source.slice(node.range[0], node.range[1]).trim() : undefined;
  }

  /** Where a value is. With `key`, where the key of the last path segment is (for unknown keys). */
  loc(path: YamlPath, opts: { key?: boolean | undefined; needle?: string | undefined } = {}): Loc {
    const place = opts.needle || !this.starts ? undefined : this.starts.startsAt(path);
    const known = opts.key && path.length ? place?.keyStart : place?.start;
    if (known !== undefined) return this.at(known);
    const { isMap, isPair, isScalar } = yaml();
    if (opts.key && path.length > 0) {
      const parent = this.node(path.slice(0, -1));
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path.at(-1));
        if (pair && isScalar(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
      }
    }
    const node = this.node(path);
    const range = node?.range;
    if (!range) return { file: this.file, line: 1, col: 1 };
    if (opts.needle) {
      // Point at the text inside the scalar (e.g. an undefined {{var}}), not just its start.
      const i = this.source.slice(range[0], range[1]).indexOf(opts.needle);
      if (i >= 0) return this.at(range[0] + i);
    }
    return this.at(range[0]);
  }
}
