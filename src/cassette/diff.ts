import { isAttachmentRef } from '../attachment-ref.ts';

/** A compact, line-per-change diff of two requests, for stale-recording errors. */
export function diffRequests(recorded: unknown, current: unknown, max = 12): string {
  const lines: string[] = [];
  walk(recorded, current, '', lines);
  const shown = lines.slice(0, max);
  if (lines.length > max) shown.push(`… and ${lines.length - max} more changes`);
  return shown.join('\n');
}

function walk(a: unknown, b: unknown, at: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`, out);
    return;
  }
  const where = at || '(request)';
  if (a === undefined) out.push(`+ ${where}: ${brief(b)}`);
  else if (b === undefined) out.push(`- ${where}: ${brief(a)}`);
  else if (typeof a === 'string' && typeof b === 'string' && isAttachmentRef(a) && isAttachmentRef(b)) out.push(`~ ${where}: ${a} → ${b}`);
  else if (typeof a === 'string' && typeof b === 'string') out.push(`~ ${where}: ${stringChange(a, b)}`);
  else out.push(`~ ${where}: ${brief(a)} → ${brief(b)}`);
}

/** Shows strings around their first difference, so a one-word prompt edit is visible in a long prompt. */
function stringChange(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
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
