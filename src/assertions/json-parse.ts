/** Reading the model's answer as JSON: bare, or as the one ```json fence models like to wrap it in. */

export type ParsedJson = { ok: true; value: unknown; fenced: boolean } | { ok: false; error: string };

const FENCE = /^```[ \t]*(?:json5?|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/;

export function parseJsonOutput(text: string): ParsedJson {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'the output is empty' };
  const fence = FENCE.exec(trimmed);
  const body = fence ? fence[1]! : trimmed;
  try {
    return { ok: true, value: JSON.parse(body), fenced: fence !== null };
  } catch (e) {
    const why = e instanceof RangeError ? 'it is nested too deeply to parse' : (e as Error).message;
    return { ok: false, error: fence ? `the \`\`\` fence's contents do not parse: ${why}` : `it does not parse: ${why}` };
  }
}

/** The note a reason carries when the JSON came out of a fence, so nobody is surprised it passed. */
export function fenceNote(parsed: { fenced: boolean }): string {
  // "a ``` fence": the tag may be json, json5, JSON or none.
  return parsed.fenced ? ' (read from inside a ``` fence)' : '';
}
