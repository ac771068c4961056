/**
 * The Console's evaluation expectations as suite assertions, for the importer. Pure: plain objects
 * out, exactly as they would be written in YAML; keys it does not know are handed back, never dropped.
 */

export interface ConsoleExpectation {
  tool_called?: string | null;
  category?: string;
  confidence_above?: number;
  confidence_below?: number;
  contains?: string;
  [key: string]: unknown;
}

export interface VocabularyOptions {
  /** The tool whose input holds category and confidence; defaults to the expected tool_called. */
  tool?: string;
  categoryPath?: string;
  confidencePath?: string;
}

export interface MappedExpectation {
  assert: Record<string, unknown>[];
  /** Keys this vocabulary does not know, with their values, for the importer to report. */
  unknown: Record<string, unknown>;
  /** Known keys whose value has the wrong type: said, not guessed at. */
  invalid: { key: string; value: unknown; expected: string }[];
}

const KNOWN = ['tool_called', 'category', 'confidence_above', 'confidence_below', 'contains'];

/** Takes what an export holds, typed or not: a value of the wrong type lands in `invalid`. */
export function consoleExpectationToAssertions(
  expectation: ConsoleExpectation | Readonly<Record<string, unknown>>,
  options: VocabularyOptions = {},
): MappedExpectation {
  const out: MappedExpectation = { assert: [], unknown: {}, invalid: [] };
  const e = expectation as Record<string, unknown>;
  const bad = (key: string, expected: string) => out.invalid.push({ key, value: e[key], expected });
  const tool = options.tool ?? (typeof e.tool_called === 'string' ? e.tool_called : undefined);
  const onTool = (check: Record<string, unknown>) => ({ tool_input: { ...(tool ? { tool } : {}), ...check } });

  if (e.tool_called !== undefined) {
    if (e.tool_called === null) out.assert.push({ tool_called: 'none' });
    else if (typeof e.tool_called === 'string' && e.tool_called) out.assert.push({ tool_called: e.tool_called });
    else bad('tool_called', 'a tool name, or null for no tool call');
  }
  if (e.category !== undefined) {
    if (typeof e.category === 'string') out.assert.push(onTool({ path: options.categoryPath ?? 'category', equals: e.category }));
    else bad('category', 'a string');
  }
  for (const [key, op] of [
    ['confidence_above', 'gt'],
    ['confidence_below', 'lt'],
  ] as const) {
    if (e[key] === undefined) continue;
    if (typeof e[key] === 'number' && Number.isFinite(e[key])) out.assert.push(onTool({ path: options.confidencePath ?? 'confidence', [op]: e[key] }));
    else bad(key, 'a number');
  }
  if (e.contains !== undefined) {
    if (typeof e.contains === 'string') out.assert.push({ contains: e.contains });
    else bad('contains', 'a string');
  }
  // Defined, not assigned: a key named __proto__ (JSON.parse makes it an own key) would set the prototype and vanish.
  for (const [key, value] of Object.entries(e))
    if (!KNOWN.includes(key)) Object.defineProperty(out.unknown, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}
