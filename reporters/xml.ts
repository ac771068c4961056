/**
 * XML 1.0 text that any parser accepts: markup escaped, characters XML forbids (C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) shown as `\uXXXX` so the reader still sees they were there.
 * No CDATA is used, so `]]>` in an output is just text (`]]&gt;`).
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Control characters and broken surrogates as `\uXXXX`: also what markdown and log lines show. */
export function visibleText(s: string): string {
  return s.replace(FORBIDDEN, visible);
}

export function xmlText(s: string): string {
  return visibleText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A raw CR would be normalised away by the parser.
    .replace(/\r/g, '&#13;');
}

/** Attribute values also keep their quotes, tabs and line breaks (parsers normalise raw ones to spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Cuts long text at a code point boundary and says how much was left out. */
export function truncate(s: string, max: number, where: string): string {
  if (s.length <= max) return s;
  let end = max;
  if (/[\ud800-\udbff]/.test(s[end - 1] ?? '')) end--;
  return `${s.slice(0, end)}\n[… truncated: ${s.length - end} more characters; the full text is in ${where}]`;
}
