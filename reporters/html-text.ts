/** Text inside HTML, in element content or a quoted attribute: nothing in it can open markup. */
import { visibleText } from './xml.ts';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function htmlText(s: string): string {
  return visibleText(s).replace(/[&<>"']/g, (ch) => ENTITY[ch]!);
}
