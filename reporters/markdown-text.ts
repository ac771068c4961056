/**
 * Text that markdown (GitHub's flavour) shows as written, for the step summary, the cost report and
 * the PR comment: model answers, case ids and reasons go there, and none of them may make markup.
 */
import { visibleText } from './xml.ts';
import { noLegacyCommand } from '../src/format/outside-text.ts';

/**
 * A zero-width space entity: it breaks what GitHub links after rendering (mentions, references, bare
 * URLs), where a backslash is not enough (`\@user` renders as `@user`, then links and notifies).
 */
const BREAK = '&#8203;';

/**
 * Inline markdown that shows `s` as text: no emphasis, code, images, links, HTML, tables, math or
 * headings (each punctuation character that opens one is backslash-escaped), no line breaks, and
 * nothing GitHub links by itself: `@user` and `@org/team` mentions (which notify), `#123`, `GH-123`
 * and `owner/repo#123` references, and `https://…`, `www.…`, `mailto:` and e-mail autolinks.
 */
export function mdText(s: string): string {
  return visibleText(s)
    .replace(/[\\`*_[\]<>|#~&!$]/g, (ch) => `\\${ch}`)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${BREAK}`)
    .replace(/\\#(?=\d)/g, `\\#${BREAK}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${BREAK}`)
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1:${BREAK}`)
    .replace(/\b(mailto|xmpp):/gi, `$1:${BREAK}`)
    .replace(/\b(www)\./gi, `$1${BREAK}.`);
}

/** An inline code span that survives backticks inside it (and pipes, inside a table); GitHub links nothing in code. */
export function mdCode(s: string, inTable = false): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // `report` prints markdown to the log, where `##[` in a code span would still be a command.
  let body = noLegacyCommand(visibleText(s)).replace(/\r?\n|\r/g, ' ');
  if (inTable) body = body.replace(/\|/g, '\\|');
  return longest ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}
