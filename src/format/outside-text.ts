/**
 * Text from outside promptgate (model answers, API and gateway messages, file contents, paths,
 * ids, flag values) as a terminal or a CI log may show it: the one place it is made inert.
 * Terminals act on control characters and escapes, log viewers reorder text around bidi controls, and
 * the GitHub runner reads `::cmd::` and `##[cmd]` as workflow commands: a model answer could otherwise
 * mask a secret, stop the runner's commands, or forge an annotation.
 */

/**
 * Characters shown as `\uXXXX`: C0 controls but tab, LF and CR (which each caller places), DEL, C1
 * (CSI, OSC, NEL...), bidi marks, embeddings, overrides and isolates, line and paragraph
 * separators, non-characters and lone surrogates (which also break XML and terminals).
 */
const CONTROL =
  // oxlint-disable-next-line no-control-regex -- these are the characters it shows as escapes
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Control characters shown visibly; tab, LF and CR left for the caller (markdown, XML and HTML each place them their own way). */
export function showControls(s: string): string {
  return s.replace(CONTROL, visible);
}

/**
 * No workflow command: `::` after a line's leading whitespace (the runner trims it, Unicode
 * spaces too) and `##[` anywhere lose a character to its visible form.
 */
function noWorkflowCommand(line: string): string {
  return noLegacyCommand(line.replace(/^(\s*):(?=:)/, '$1\\u003a'));
}

/** The runner reads `##[cmd]` anywhere in a line, even inside another command's data: one character shown instead. */
export function noLegacyCommand(s: string): string {
  return s.replace(/##\[/g, '##\\u005b');
}

/** For a one-line place (an id, a path, a model, a reason in a list): line breaks shown too, as `\u000a`. */
export function outsideLine(s: string): string {
  return noWorkflowCommand(showControls(s).replace(/[\r\n]/g, visible));
}

/**
 * For text that keeps its lines (a reason quoting an answer, a diff): each line after the first
 * starts with `prefix`, which must not be whitespace only, so no outside line starts a log line.
 * A lone CR (an overwrite on a terminal) is shown; CRLF is a line break.
 */
export function outsideLines(s: string, prefix: string): string {
  return s
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? '' : prefix) + noWorkflowCommand(showControls(line).replace(/\r/g, visible)))
    .join('\n');
}

/**
 * For text whose line breaks cannot be told from outside ones (commander's usage errors quoting a
 * flag value, a crash's stack): each line made inert on its own.
 */
export function outsideLog(s: string): string {
  return s.split('\n').map(outsideLine).join('\n');
}
