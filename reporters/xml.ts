/**
 * XML 1.0 text that any parser accepts: markup escaped, characters XML forbids (C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) shown as `\uXXXX` so the reader still sees they were there.
 * No CDATA is used, so `]]>` in an output is just text (`]]&gt;`).
 */
import { showControls } from '../src/format/outside-text.ts';

/**
 * Control characters and broken surrogates as `\uXXXX`: also what markdown and log lines show.
 * The same set as log lines (C1 and bidi controls too), so a JUnit or HTML viewer shows what a log does.
 */
export const visibleText = showControls;

export function xmlText(s: string): string {
  const shown = visibleText(s);
  // Most of a report has none of these: one scan, not one per replacement.
  if (!/[&<>\r]/.test(shown)) return shown;
  return (
    shown
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // A raw CR would be normalised away by the parser.
      .replace(/\r/g, '&#13;')
  );
}

/** Attribute values also keep their quotes, tabs and line breaks (parsers normalise raw ones to spaces). */
export function xmlAttr(s: string): string {
  const text = xmlText(s);
  if (!/["\n\t]/.test(text)) return text;
  return text.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Cuts long text at a code point boundary and says how much was left out. */
export function truncate(s: string, max: number, where: string): string {
  if (s.length <= max) return s;
  let end = max;
  if (/[\ud800-\udbff]/.test(s[end - 1] ?? '')) end--;
  return `${s.slice(0, end)}\n[… truncated: ${s.length - end} more characters; the full text is in ${where}]`;
}
