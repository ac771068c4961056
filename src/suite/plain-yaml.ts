/**
 * The fast way in for a suite: js-yaml's event parser reads a large suite several times faster than
 * yaml's Document (bench/replay.ts), and its events carry the offsets a Locator needs for every
 * case and assertion. It takes only plain documents: one document, no directives, anchors, aliases,
 * tags or collection keys. Anything else, and anything it cannot read, goes the located way
 * (parse-yaml.ts), which owns every YAML error message and hazard check.
 * test/suite/plain-yaml.test.ts holds both ways to the same values and starts.
 */
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, constructFromEvents, getScalarValue, parseEvents, type Event } from 'js-yaml';
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
  items?: Map<string | number, Starts>;
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

interface Open {
  place: Starts;
  /** A sequence's next index; a mapping's pending key, or undefined while a key is expected. */
  next: number | string | undefined;
  map: boolean;
}

function indexStarts(source: string, events: Event[]): Starts | undefined {
  const root: Starts = {};
  const stack: Open[] = [];
  let documents = 0;
  for (const e of events) {
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1 || e.directives.length) return undefined;
      stack.push({ place: root, next: undefined, map: false });
      continue;
    }
    if (e.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    if (e.type === EVENT_ID.ALIAS || e.anchorStart !== -1 || e.tagStart !== -1) return undefined;
    const parent = stack.at(-1)!;
    const quoted = e.type === EVENT_ID.SCALAR && (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED);
    // An empty plain scalar has no text to place, and as a key (`: x`) it is a slip yaml refuses.
    const empty = e.type === EVENT_ID.SCALAR && e.valueStart === e.valueEnd && e.style === SCALAR_STYLE.PLAIN;
    if (parent.map && parent.next === undefined) {
      if (e.type !== EVENT_ID.SCALAR || empty || e.valueEnd - e.valueStart > LONGEST_KEY) return undefined;
      parent.next = getScalarValue(source, e);
      parent.place.items!.set(parent.next, { keyStart: e.valueStart - (quoted ? 1 : 0) });
      continue;
    }
    let place: Starts;
    if (parent.map) {
      place = parent.place.items!.get(parent.next!)!;
      parent.next = undefined;
      // yaml refuses an implicit key whose `:` is more than 1024 characters on; no suite's key is near that.
      if ((e.type === EVENT_ID.SCALAR ? e.valueStart : e.start) - place.keyStart! > LONGEST_KEY) return undefined;
    } else if (typeof parent.next === 'number') {
      place = {};
      parent.place.items!.set(parent.next++, place);
    } else place = parent.place;
    if (e.type === EVENT_ID.SCALAR) {
      if (!empty && e.style !== SCALAR_STYLE.LITERAL_BLOCK && e.style !== SCALAR_STYLE.FOLDED_BLOCK) place.start = e.valueStart - (quoted ? 1 : 0);
    } else {
      place.start = e.start;
      place.items = new Map();
      stack.push({ place, next: e.type === EVENT_ID.SEQUENCE ? 0 : undefined, map: e.type === EVENT_ID.MAPPING });
    }
  }
  return root;
}
