/** A suite's YAML text in, its values and a Locator out; or every YAML-level problem, located. */
import type { Diagnostic } from '../input-error.ts';
import { Locator } from './locate.ts';
import { readPlainYaml } from './plain-yaml.ts';
import { yamlHazards } from '../yaml-hazards.ts';
import { yaml } from '../yaml-lib.ts';

/** Tag warnings yaml would let through, leaving the value a string or the wrong kind of collection. */
const TAG_PROBLEMS = new Set(['TAG_RESOLVE_FAILED', 'BAD_COLLECTION_TYPE']);
/** The JSON kinds of value: these tags are fine, and a warning on one means it does not fit its value (`!!int abc`). */
const PLAIN_TAG = /^!!(str|int|float|bool|null|seq|map)$/;

export type ParsedSuite = { locator: Locator; data: unknown } | { problems: Diagnostic[] };

export function parseSuiteYaml(file: string, source: string): ParsedSuite {
  const plain = readPlainYaml(source);
  return plain ? { locator: new Locator(file, source, { starts: plain.starts }), data: plain.data } : parseLocated(file, source);
}

/** The way every YAML problem is found and placed; the only way for anchors, aliases and tags. */
export function parseLocated(file: string, source: string): ParsedSuite {
  // resolveKnownTags: false leaves !!binary, !!set, !!omap, !!pairs and !!timestamp unknown, so they
  // are errors too: as a Buffer, a Set or a Date they would reach the request as nonsense.
  const doc = yaml().parseDocument(source, { prettyErrors: false, uniqueKeys: true, strict: true, resolveKnownTags: false });
  const locator = new Locator(file, source, { doc });
  const at = (offset: number, message: string): Diagnostic => ({ ...locator.at(offset), message });

  const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    // The parser ran out of stack; the errors after it are its echoes. What it built is deep enough
    // to point at the first level too many, the same place a shallower file is pointed at.
    const deep = yamlHazards(doc).find((h) => h.kind === 'depth');
    return { problems: [deep ? at(deep.offset, deep.message) : at(exhausted.pos[0], 'nested too deeply to read')] };
  }
  const syntax = [...doc.errors, ...doc.warnings.filter((w) => TAG_PROBLEMS.has(w.code))].sort((a, b) => a.pos[0] - b.pos[0]);
  if (syntax.length) {
    return {
      problems: syntax.map((e) => {
        if (TAG_PROBLEMS.has(e.code)) {
          const tag = source.slice(e.pos[0], e.pos[1]).trim();
          return at(
            e.pos[0],
            PLAIN_TAG.test(tag)
              ? `YAML tag ${tag} does not fit the value it is on`
              : `YAML tag ${tag} is not supported; a suite holds only plain strings, numbers, booleans, lists and mappings`,
          );
        }
        const twice = e.code === 'DUPLICATE_KEY' ? ` ('${/^[^:\n]*/.exec(source.slice(e.pos[0]))![0].trim()}' appears twice)` : '';
        return at(unclosedQuoteAt(doc, e) ?? e.pos[0], `YAML syntax: ${firstLine(e.message)}${twice}`);
      }),
    };
  }
  const hazards = yamlHazards(doc);
  if (hazards.length) return { problems: hazards.map((h) => at(h.offset, h.message)) };
  // Alias expansion is bounded (and located) by yamlHazards, so yaml's own count, which cannot say
  // where, is off. What else toJS throws on is a hole in those checks: still bad input, still located.
  try {
    return { locator, data: doc.toJS({ maxAliasCount: -1 }) };
  } catch (e) {
    return { problems: [at(0, `YAML: ${firstLine((e as Error).message)}`)] };
  }
}

/**
 * Where the quote opens that a "Missing closing quote" error is about: yaml places it where the
 * file ends, often far below the line to fix. The quoted scalar that runs to that end starts there.
 */
function unclosedQuoteAt(doc: import('yaml').Document, e: import('yaml').YAMLError): number | undefined {
  if (e.code !== 'MISSING_CHAR' || !/quote/.test(e.message)) return undefined;
  let start: number | undefined;
  yaml().visit(doc, {
    Scalar(_key, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[1] >= e.pos[0]) start ??= node.range[0];
    },
  });
  return start;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
