/**
 * The fast way in for a suite: js-yaml's event parser reads a large suite several times faster than
 * yaml's Document (bench/replay.ts), and its events carry the offsets a Locator needs for every
 * case and assertion. It takes only plain documents: one document, no directives, anchors, aliases,
 * tags, collection keys, keys said twice or keys read as other than text. Anything else, and anything
 * it cannot read, goes the located way (parse-yaml.ts), which owns every YAML error message and hazard check.
 * test/suite/plain-yaml.test.ts holds both ways to the same values and starts.
 */
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type MappingEvent, type ScalarEvent, type SequenceEvent } from 'js-yaml';
import { MAX_DEPTH } from '../yaml-hazards.ts';

/**
 * Where a node starts: the same offset yaml's node range starts at, and for a mapping's value, where
 * its key starts (for "unknown key" messages). Block scalars have no start (their header is not in
 * the events), nor do empty values: they are placed the slow way.
 */
export interface Starts {
  start?: number | undefined;
  keyStart?: number | undefined;
}

const LONGEST_KEY = 1000;

export function readPlainYaml(source: string): { data: unknown; starts: PlainPlaces } | undefined {
  try {
    // One level short of the hazard check's limit, so every depth it would refuse falls back to it.
    return readEvents(source, parseEvents(source, { maxDepth: MAX_DEPTH - 1 }));
  } catch {
    return undefined;
  }
}

/** Per open collection in readEvents: a sequence (or the document), a mapping awaiting a key, a mapping awaiting its value. */
const SEQUENCE = 0;
const KEY = 1;
const VALUE = 2;

/**
 * The document's value, as js-yaml's constructFromEvents builds it under the core schema, in the one
 * pass that checks whether the plain reader takes the events at all; places are read from the
 * events when asked for (a shard's loader places only the cases it resolves).
 */
function readEvents(source: string, events: Event[]): { data: unknown; starts: PlainPlaces } | undefined {
  // For each collection's event, the index of the POP that closes it: a walk over its items skips their nested ones.
  const ends = new Int32Array(events.length);
  // Per open collection (the document first): its event, what it awaits, the value it builds, and a mapping's pending key and where it starts.
  const open: number[] = [];
  const state: number[] = [];
  const values: unknown[] = [];
  const keys: string[] = [];
  const keyStarts: number[] = [];
  const doc: unknown[] = [];
  let documents = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1 || e.directives.length) return undefined;
      open.push(i);
      state.push(SEQUENCE);
      values.push(doc);
      keys.push('');
      keyStarts.push(-1);
      continue;
    }
    if (e.type === EVENT_ID.POP) {
      ends[open.pop()!] = i;
      state.pop();
      values.pop();
      keys.pop();
      keyStarts.pop();
      continue;
    }
    if (e.type === EVENT_ID.ALIAS || e.anchorStart !== -1 || e.tagStart !== -1) return undefined;
    const top = state.length - 1;
    const quoted = e.type === EVENT_ID.SCALAR && (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED);
    // An empty plain scalar has no text to place, and as a key (`: x`) it is a slip yaml refuses.
    const empty = e.type === EVENT_ID.SCALAR && e.valueStart === e.valueEnd && e.style === SCALAR_STYLE.PLAIN;
    if (state[top] === KEY) {
      if (e.type !== EVENT_ID.SCALAR || empty || e.valueEnd - e.valueStart > LONGEST_KEY) return undefined;
      const key = scalarValue(source, e);
      // A key read as a number, boolean or null, and a key said twice, are left to the located way.
      if (typeof key !== 'string' || Object.hasOwn(values[top] as object, key)) return undefined;
      state[top] = VALUE;
      keys[top] = key;
      keyStarts[top] = e.valueStart - (quoted ? 1 : 0);
      continue;
    }
    const value = e.type === EVENT_ID.SCALAR ? scalarValue(source, e) : e.type === EVENT_ID.MAPPING ? {} : [];
    if (state[top] === VALUE) {
      state[top] = KEY;
      // yaml refuses an implicit key whose `:` is more than 1024 characters on; no suite's key is near that.
      if ((e.type === EVENT_ID.SCALAR ? e.valueStart : e.start) - keyStarts[top]! > LONGEST_KEY) return undefined;
      const key = keys[top]!;
      // A key named __proto__ is defined, so it stays a key rather than setting the prototype (as js-yaml does).
      if (key === '__proto__') Object.defineProperty(values[top], key, { value, enumerable: true, writable: true, configurable: true });
      else (values[top] as Record<string, unknown>)[key] = value;
    } else (values[top] as unknown[]).push(value);
    if (e.type !== EVENT_ID.SCALAR) {
      open.push(i);
      state.push(e.type === EVENT_ID.MAPPING ? KEY : SEQUENCE);
      values.push(value);
      keys.push('');
      keyStarts.push(-1);
    }
  }
  if (documents !== 1 || doc.length !== 1) return undefined;
  // The document's one node is the root: where it starts and, if a collection, its items.
  return {
    data: doc[0],
    starts: new PlainPlaces(
      source,
      events,
      ends,
      events.findIndex((e) => e.type !== EVENT_ID.DOCUMENT),
    ),
  };
}

/** A scalar's value under the core schema: a plain one may be a number, boolean or null; a quoted or block one is text. */
function scalarValue(source: string, e: ScalarEvent): unknown {
  const text = getScalarValue(source, e);
  return e.style === SCALAR_STYLE.PLAIN ? CORE_SCHEMA.resolveImplicitScalarTag(text).value : text;
}

/** A sequence this long or shorter is walked to an item; a longer one (a suite's `cases:`) is indexed once. */
const WALKED_ITEMS = 16;

/**
 * The places of a plain document's nodes, read from its events when asked: a mapping's keys are
 * walked (a few each), a long sequence is indexed on first use. Nothing is kept per node, since a
 * large suite has hundreds of thousands and a load asks for a few per case.
 */
export class PlainPlaces {
  private readonly source: string;
  private readonly events: Event[];
  private readonly ends: Int32Array;
  /** The root node's event. */
  private readonly root: number;
  /** By a long sequence's event, the events of its items. */
  private readonly indexed = new Map<number, Int32Array>();
  /** The root mapping's keys as found: every case is placed under `cases`. */
  private readonly rootKeys = new Map<string, number>();

  constructor(source: string, events: Event[], ends: Int32Array, root: number) {
    this.source = source;
    this.events = events;
    this.ends = ends;
    this.root = root;
  }

  /** Where the node at `path` starts, if the plain reader can place it. */
  startsAt(path: readonly (string | number)[]): Starts | undefined {
    let node = this.root;
    let key = -1;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const type = this.events[node]!.type;
      if (type === EVENT_ID.MAPPING && typeof segment === 'string') {
        key = node === this.root ? this.rootKeyOf(segment) : this.keyOf(node, segment);
        node = key + 1;
      } else if (type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
        node = this.itemOf(node, segment);
        key = -1;
      } else return undefined;
      if (node <= 0) return undefined;
    }
    return {
      start: startOf(this.events[node] as ScalarEvent | SequenceEvent | MappingEvent),
      keyStart: key === -1 ? undefined : keyStartOf(this.events[key] as ScalarEvent),
    };
  }

  /** The event of the key `name` in the mapping at `at`, or -1. */
  private keyOf(at: number, name: string): number {
    const { events, ends, source } = this;
    for (let i = at + 1; i < ends[at]!; i = this.after(i + 1)) if (isText(source, events[i] as ScalarEvent, name)) return i;
    return -1;
  }

  private rootKeyOf(name: string): number {
    let key = this.rootKeys.get(name);
    if (key === undefined) this.rootKeys.set(name, (key = this.keyOf(this.root, name)));
    return key;
  }

  /** The event of item `n` of the sequence at `at`, or -1. */
  private itemOf(at: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) return -1;
    const index = this.indexed.get(at);
    if (index) return n < index.length ? index[n]! : -1;
    const end = this.ends[at]!;
    let i = at + 1;
    for (let k = 0; k < n && i < end; k++) {
      if (k === WALKED_ITEMS) return this.index(at)[n] ?? -1;
      i = this.after(i);
    }
    return i < end ? i : -1;
  }

  private index(at: number): Int32Array {
    const items: number[] = [];
    for (let i = at + 1; i < this.ends[at]!; i = this.after(i)) items.push(i);
    const index = Int32Array.from(items);
    this.indexed.set(at, index);
    return index;
  }

  /** The event after the node at `i` and everything in it. */
  private after(i: number): number {
    return this.events[i]!.type === EVENT_ID.SCALAR ? i + 1 : this.ends[i]! + 1;
  }
}

/** Whether the scalar's value is `text`, read without building the value where its source says (a suite's top keys are asked once a case). */
function isText(source: string, e: ScalarEvent, text: string): boolean {
  const length = e.valueEnd - e.valueStart;
  // Escapes, doubled quotes and folded lines only shorten a scalar: a shorter one is not `text`.
  if (length < text.length) return false;
  // A plain scalar on one line is its source as written.
  if (e.style === SCALAR_STYLE.PLAIN && !hasLineBreak(source, e.valueStart, e.valueEnd)) return length === text.length && source.startsWith(text, e.valueStart);
  return getScalarValue(source, e) === text;
}

function hasLineBreak(source: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Where a node starts, as yaml's range says; undefined for a block scalar or an empty value. */
function startOf(e: ScalarEvent | SequenceEvent | MappingEvent): number | undefined {
  if (e.type !== EVENT_ID.SCALAR) return e.start;
  const empty = e.valueStart === e.valueEnd && e.style === SCALAR_STYLE.PLAIN;
  if (empty || e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) return undefined;
  return keyStartOf(e);
}

/** Where a scalar's text starts, its opening quote included. */
function keyStartOf(e: ScalarEvent): number {
  return e.valueStart - (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED ? 1 : 0);
}
