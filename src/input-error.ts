import { outsideLine } from './format/outside-text.ts';

/** A problem with user input, pointing at its place when it has one. */
export interface Diagnostic {
  file?: string;
  line?: number;
  col?: number;
  message: string;
}

/**
 * Bad input (suite, export, flags): the CLI prints every diagnostic and exits 2, with no stack.
 * Anything else that escapes is a bug and keeps its stack.
 */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic | string) {
    const list = typeof diagnostics === 'string' ? [{ message: diagnostics }] : [diagnostics].flat();
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = list;
  }
}

/** One line each, whatever the key, value or path it quotes: made inert for the terminal here, where every diagnostic is printed. */
export function formatDiagnostic(d: Diagnostic): string {
  const message = outsideLine(d.message);
  if (!d.file) return `error: ${message}`;
  const file = outsideLine(d.file);
  const at = d.line ? `${file}:${d.line}:${d.col ?? 1}` : file;
  return `${at}: error: ${message}`;
}

/** Diagnostics in reading order: by file, then line, then column. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
