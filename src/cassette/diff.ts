import { isAttachmentRef } from '../attachment-ref.ts';

/**
 * Text in a request that came from a file (a prompt file): where it is in the request, in this
 * diff's notation (`system`, `messages[0].content[1].text`), and which file it is.
 */
export interface TextSource {
  path: string;
  file: string;
  /** Where each of the file's lines after the first starts in the file (one array, shared by every case reading it). */
  lineStarts: number[];
  /** The placeholders templating filled, in order: where each is in the file, its length there and in the sent text. */
  fills?: { at: number; was: number; now: number }[] | undefined;
}

/**
 * A compact, line-per-change diff of two requests, for stale-recording errors. A change in text
 * that came from a file names the file and its line, so an edited prompt file is found at once.
 */
export function diffRequests(recorded: unknown, current: unknown, max = 12, sources: TextSource[] = []): string {
  const lines: string[] = [];
  walk(recorded, current, '', lines, sources);
  const shown = lines.slice(0, max);
  if (lines.length > max) shown.push(`… and ${lines.length - max} more changes`);
  return shown.join('\n');
}

function walk(a: unknown, b: unknown, at: string, out: string[], sources: TextSource[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], at ? `${at}.${k}` : k, out, sources);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`, out, sources);
    return;
  }
  const where = (at || '(request)') + fromFile(at, a, b, sources);
  if (a === undefined) out.push(`+ ${where}: ${brief(b)}`);
  else if (b === undefined) out.push(`- ${where}: ${brief(a)}`);
  else if (typeof a === 'string' && typeof b === 'string' && isAttachmentRef(a) && isAttachmentRef(b)) out.push(`~ ${where}: ${a} → ${b}`);
  else if (typeof a === 'string' && typeof b === 'string') out.push(`~ ${where}: ${stringChange(a, b)}`);
  else out.push(`~ ${where}: ${brief(a)} → ${brief(b)}`);
}

/**
 * ` (from prompts/triage.md:12)` when the changed value is text a file gave. A source's path may sit
 * above the change: a system prompt given as a string is sent as a block when prefix caching marks it.
 */
function fromFile(at: string, a: unknown, b: unknown, sources: TextSource[]): string {
  const source = sources.find((s) => at === s.path || at.startsWith(s.path + '.') || at.startsWith(s.path + '['));
  if (!source) return '';
  if (typeof a !== 'string' || typeof b !== 'string') return ` (from ${source.file})`;
  return ` (from ${source.file}:${lineOf(source, firstDifference(a, b))})`;
}

/** The line of the file a character of the sent text came from. */
function lineOf(source: TextSource, offset: number): number {
  const inFile = fileOffset(source.fills ?? [], offset);
  let [lo, hi] = [0, source.lineStarts.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (source.lineStarts[mid]! <= inFile) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Where a character of the sent text is in the file: the fills before it moved it; a filled value's characters are at its placeholder. */
function fileOffset(fills: NonNullable<TextSource['fills']>, offset: number): number {
  let shift = 0;
  for (const f of fills) {
    const start = f.at + shift;
    if (offset < start) break;
    if (offset < start + f.now) return f.at;
    shift += f.now - f.was;
  }
  return offset - shift;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Shows strings around their first difference, so a one-word prompt edit is visible in a long prompt. */
function stringChange(a: string, b: string): string {
  const i = firstDifference(a, b);
  const start = Math.max(0, i - 20);
  const cut = (s: string) => (start > 0 ? '…' : '') + s.slice(start, i + 40) + (s.length > i + 40 ? '…' : '');
  return `${JSON.stringify(cut(a))} → ${JSON.stringify(cut(b))}`;
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 80 ? s.slice(0, 79) + '…' : s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
