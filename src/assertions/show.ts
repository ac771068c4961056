/** How values appear inside assertion reasons: quoted, one line, and cut when long. */
export function show(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…(${text.length} chars)` : text;
}
