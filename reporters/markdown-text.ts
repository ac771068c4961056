/** Text that markdown (GitHub's flavour) shows as written: no stray emphasis, HTML or table breaks. */
import { visibleText } from './xml.ts';

export function mdText(s: string): string {
  return visibleText(s).replace(/[\\`*_[\]<>|#~&]/g, (ch) => `\\${ch}`).replace(/\r?\n|\r/g, ' ');
}

/** An inline code span that survives backticks inside it (and pipes, inside a table). */
export function mdCode(s: string, inTable = false): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  let body = visibleText(s).replace(/\r?\n|\r/g, ' ');
  if (inTable) body = body.replace(/\|/g, '\\|');
  return longest ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}
