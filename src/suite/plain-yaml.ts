/**
 * The fast way in for a suite: js-yaml's event parser reads a large suite several times faster than
 * yaml's Document (bench/replay.ts), and its events carry the offsets a Locator needs for every
 * case and assertion. It takes only plain documents: one document, no directives, anchors, aliases,
 * tags or collection keys. Anything else, and anything it cannot read, goes the located way
 * (parse-yaml.ts), which owns every YAML error message and hazard check.
 * test/suite/plain-yaml.test.ts holds both ways to the same values and starts.
 */
import {
  CORE_SCHEMA,
  EVENT_ID,
  SCALAR_STYLE,
  constructFromEvents,
  getScalarValue,
  parseEvents,
  type Event,
  type MappingEvent,
  type ScalarEvent,
  type SequenceEvent,
} from 'js-yaml';
import { MAX_DEPTH } from '../yaml-hazards.ts';

/**
 * Where a node starts: the same offset yaml's node range starts at, and for a mapping's value, where
 * its key starts (for "unknown key" messages). Block scalars have no start (their header is not in
 * the events), nor do empty values: they are placed the slow way.
 */
export interface Starts {
  start?: number;
  keyStart?: number;
  /** A mapping's values by key, a sequence's by index. */
  readonly items?: Map<string | number, Starts> | undefined;
}

/** Where the node at `path` starts, if the plain reader indexed it. */
export function startsAt(root: Starts, path: readonly (string | number)[]): Starts | undefined {
  let place: Starts | undefined = root;
  for (const segment of path) place = place?.items?.get(segment);
  return place;
}

const LONGEST_KEY = 1000;

export function readPlainYaml(source: string): { data: unknown; starts: Starts } | undefined {
  try {
    // One level short of the hazard check's limit, so every depth it would refuse falls back to it.
    const events = parseEvents(source, { maxDepth: MAX_DEPTH - 1 });
    const starts = indexStarts(source, events);
    if (!starts) return undefined;
    const docs = constructFromEvents(events, { source, schema: CORE_SCHEMA, maxAliases: 0 });
    return docs.length === 1 ? { data: docs[0], starts } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the plain reader takes the events, checked over all of them; a collection's items are
 * indexed when first asked for. A loader asks for the places of the cases it resolves, and a shard's
 * loader resolves a fraction of them.
 */
function indexStarts(source: string, events: Event[]): Starts | undefined {
  // For each collection's event, the index of the POP that closes it: an indexed collection skips its nested ones.
  const ends = new Int32Array(events.length);
  const open: number[] = [];
  /** Per open collection: 1 for a mapping awaiting a key, 2 for a mapping awaiting a value, 0 for a sequence or the document. */
  const state: number[] = [];
  /** Per open mapping awaiting a value: where its key starts. */
  const keyStarts: number[] = [];
  let documents = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1 || e.directives.length) return undefined;
      open.push(i);
      state.push(0);
      keyStarts.push(-1);
      continue;
    }
    if (e.type === EVENT_ID.POP) {
      ends[open.pop()!] = i;
      state.pop();
      keyStarts.pop();
      continue;
    }
    if (e.type === EVENT_ID.ALIAS || e.anchorStart !== -1 || e.tagStart !== -1) return undefined;
    const top = state.length - 1;
    const quoted = e.type === EVENT_ID.SCALAR && (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED);
    // An empty plain scalar has no text to place, and as a key (`: x`) it is a slip yaml refuses.
    const empty = e.type === EVENT_ID.SCALAR && e.valueStart === e.valueEnd && e.style === SCALAR_STYLE.PLAIN;
    if (state[top] === 1) {
      if (e.type !== EVENT_ID.SCALAR || empty || e.valueEnd - e.valueStart > LONGEST_KEY) return undefined;
      state[top] = 2;
      keyStarts[top] = e.valueStart - (quoted ? 1 : 0);
      continue;
    }
    if (state[top] === 2) {
      state[top] = 1;
      // yaml refuses an implicit key whose `:` is more than 1024 characters on; no suite's key is near that.
      if ((e.type === EVENT_ID.SCALAR ? e.valueStart : e.start) - keyStarts[top]! > LONGEST_KEY) return undefined;
    }
    if (e.type !== EVENT_ID.SCALAR) {
      open.push(i);
      state.push(e.type === EVENT_ID.MAPPING ? 1 : 0);
      keyStarts.push(-1);
    }
  }
  // The document's one node is the root: where it starts and, if a collection, its items.
  const first = events.findIndex((e) => e.type !== EVENT_ID.DOCUMENT);
  return first === -1 || events[first]!.type === EVENT_ID.POP ? {} : new Place(source, events, ends, first);
}

/** A node's place; a collection's items are read from its events on first use. */
class Place implements Starts {
  start?: number;
  keyStart?: number;
  private readonly source: string;
  private readonly events: Event[];
  private readonly ends: Int32Array;
  /** The collection's event, or -1 for a scalar. */
  private readonly at: number;
  private indexed: Map<string | number, Starts> | undefined;

  constructor(source: string, events: Event[], ends: Int32Array, at: number, keyStart?: number) {
    this.source = source;
    this.events = events;
    this.ends = ends;
    // Only nodes are placed; the eager pass refused aliases.
    const e = events[at] as ScalarEvent | SequenceEvent | MappingEvent;
    if (keyStart !== undefined) this.keyStart = keyStart;
    if (e.type === EVENT_ID.SCALAR) {
      const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
      const empty = e.valueStart === e.valueEnd && e.style === SCALAR_STYLE.PLAIN;
      if (!empty && e.style !== SCALAR_STYLE.LITERAL_BLOCK && e.style !== SCALAR_STYLE.FOLDED_BLOCK) this.start = e.valueStart - (quoted ? 1 : 0);
      this.at = -1;
    } else {
      this.start = e.start;
      this.at = at;
    }
  }

  get items(): Map<string | number, Starts> | undefined {
    if (this.at === -1) return undefined;
    if (this.indexed) return this.indexed;
    const { source, events, ends } = this;
    const items = new Map<string | number, Starts>();
    const map = events[this.at]!.type === EVENT_ID.MAPPING;
    const end = ends[this.at]!;
    let next = 0;
    for (let i = this.at + 1; i < end;) {
      let key: string | number = next++;
      let keyStart: number | undefined;
      if (map) {
        const k = events[i++] as ScalarEvent;
        key = getScalarValue(source, k);
        keyStart = k.valueStart - (k.style === SCALAR_STYLE.SINGLE_QUOTED || k.style === SCALAR_STYLE.DOUBLE_QUOTED ? 1 : 0);
      }
      items.set(key, new Place(source, events, ends, i, keyStart));
      i = events[i]!.type === EVENT_ID.SCALAR ? i + 1 : ends[i]! + 1;
    }
    return (this.indexed = items);
  }
}
