/** How values appear inside assertion reasons: quoted, one line, and cut when long. */
export function show(value: unknown, max = 200): string {
  let text: string;
  try {
    // A number JSON cannot write (1e400 parses to Infinity) would show as null.
    text =
      typeof value === 'string'
        ? JSON.stringify(value)
        : typeof value === 'number' && !Number.isFinite(value)
          ? String(value)
          : (JSON.stringify(value) ?? String(value));
  } catch {
    // JSON.stringify recurses: an answer nested thousands deep must not crash its own reason.
    text = Array.isArray(value) ? '[…too deeply nested to show]' : '{…too deeply nested to show}';
  }
  if (text.length <= max) return text;
  // Never cut between the two halves of an emoji: a lone surrogate breaks JUnit XML and terminals.
  const cut = /[\uD800-\uDBFF]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…(${text.length} chars)`;
}
