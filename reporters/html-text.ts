/**
 * Text inside HTML, in element content or a quoted attribute: nothing in it can open markup.
 * The report is built with the `html` template tag, which escapes every value it is given, so a
 * value can only reach the page as markup by being markup the report built itself.
 */
import { visibleText } from './xml.ts';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function htmlText(s: string): string {
  return visibleText(s).replace(/[&<>"']/g, (ch) => ENTITY[ch]!);
}

/** Markup the report wrote: the only thing `html` inserts as it is. */
export class Markup {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

/**
 * Builds markup from a template whose every value is escaped whatever its type (a "number" from a
 * hostile cassette may be a string). Markup from `html` goes in as is, lists are joined, and
 * undefined, null and false render nothing, for `${cond && html`…`}`.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += markupOf(value) + strings[i + 1]!;
  });
  return new Markup(out);
}

function markupOf(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(markupOf).join('');
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return htmlText(String(value));
  // An object where a number belongs (a hostile cassette) shows as its JSON, not as [object Object].
  return htmlText(JSON.stringify(value) ?? typeof value);
}

/** The page's own constant style and script: text promptgate wrote, never data. */
export function ownMarkup(text: string): Markup {
  return new Markup(text);
}
