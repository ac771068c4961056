/**
 * The fast way in for a suite: js-yaml's event parser reads a 10,000-case file ~5x faster than
 * yaml's Document (bench/replay.ts), and its events carry the offsets a Locator needs for every
 * case and assertion. It takes only plain documents: one document, no directives, anchors, aliases,
 * tags or collection keys. Anything else, and anything it cannot read, goes the located way
 * (parse-yaml.ts), which owns every YAML error message and hazard check.
 * test/suite/plain-yaml.test.ts holds both ways to the same values and places.
 */
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, constructFromEvents, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { MAX_DEPTH } from './yaml-hazards.ts';

/** Where nodes start, by path (`pathKey`): the same offsets yaml's node ranges start at. */
export interface PlainStarts {
  /** A value's start; block scalars are left out (their header is not in the events), so they are placed the slow way. */
  value: Map<string, number>;
  /** A mapping key's start, for "unknown key" messages. */
  key: Map<string, number>;
}

const LONGEST_KEY = 1000;

export const pathKey = (path: readonly (string | number)[]): string => path.join('\0');

export function readPlainYaml(source: string): { data: unknown; starts: PlainStarts } | undefined {
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
  path: (string | number)[];
  /** A sequence's next index; a mapping's pending key, or undefined while a key is expected. */
  next: number | string | undefined;
  keyStart: number;
  map: boolean;
}

function indexStarts(source: string, events: Event[]): PlainStarts | undefined {
  const starts: PlainStarts = { value: new Map(), key: new Map() };
  const stack: Open[] = [];
  let documents = 0;
  for (const e of events) {
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1 || e.directives.length) return undefined;
      stack.push({ path: [], next: undefined, keyStart: 0, map: false });
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
      parent.keyStart = e.valueStart - (quoted ? 1 : 0);
      starts.key.set(pathKey([...parent.path, parent.next]), parent.keyStart);
      continue;
    }
    let path: (string | number)[];
    if (parent.map) {
      // yaml refuses an implicit key whose `:` is more than 1024 characters on; no suite's key is near that.
      if ((e.type === EVENT_ID.SCALAR ? e.valueStart : e.start) - parent.keyStart > LONGEST_KEY) return undefined;
      path = [...parent.path, parent.next!];
      parent.next = undefined;
    } else if (typeof parent.next === 'number') {
      path = [...parent.path, parent.next++];
    } else path = parent.path;
    if (e.type === EVENT_ID.SCALAR) {
      if (empty || e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) continue;
      starts.value.set(pathKey(path), e.valueStart - (quoted ? 1 : 0));
    } else {
      starts.value.set(pathKey(path), e.start);
      stack.push({ path, next: e.type === EVENT_ID.SEQUENCE ? 0 : undefined, keyStart: 0, map: e.type === EVENT_ID.MAPPING });
    }
  }
  return starts;
}
