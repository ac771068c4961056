import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Loc } from './types.ts';

export type YamlPath = (string | number)[];

/** Maps paths into a parsed YAML document back to `file:line:col`. */
export class Locator {
  readonly file: string;
  private readonly doc: Document;
  private readonly lines: LineCounter;
  private readonly source: string;

  constructor(file: string, doc: Document, lines: LineCounter, source: string) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
    this.source = source;
  }

  at(offset: number): Loc {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  /** The deepest existing node on `path` (so a missing key points at its parent mapping). */
  node(path: YamlPath): Node | undefined {
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

  /** Where a value is. With `key`, where the key of the last path segment is (for unknown keys). */
  loc(path: YamlPath, opts: { key?: boolean | undefined; needle?: string | undefined } = {}): Loc {
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
