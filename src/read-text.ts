/**
 * A suite file's text, or the one reason it cannot be a suite. Everything that could hang or
 * exhaust the process before YAML is parsed is decided here.
 */
import { isUtf8 } from 'node:buffer';
import { readFileBytes, readFileBytesSync, type BytesRead } from './read-bytes.ts';
import type { Diagnostic } from './input-error.ts';

export { readFileBytes } from './read-bytes.ts';

/**
 * Loading holds many times a suite's size in memory (bench/validate-import.ts measures it). 16 MiB
 * still takes what `import` makes of a large Console export and stays inside a default heap; a few
 * times that would run out of heap, a crash.
 */
export const MAX_SUITE_BYTES = 16 * 1024 * 1024;

/** How the reader's refusals name the kind of file it expected (a suite, a prompt file). */
export interface TextFileKind {
  noun: string;
  tooBig: (limit: string) => string;
  /** Said after "not a text file (it has NUL bytes)". */
  notText: string;
  /** Default: MAX_SUITE_BYTES. */
  maxBytes?: number;
  /** Said when there is no such file, instead of the reader's words. */
  missing?: string;
}

const SUITE_FILE: TextFileKind = {
  noun: 'a suite file',
  tooBig: (limit) => `a suite may be at most ${limit} (split it into several suites)`,
  notText: 'a suite is YAML',
};

export function readSuiteSource(file: string): Promise<{ source: string } | { problem: Diagnostic }> {
  return readTextSource(file, SUITE_FILE);
}

/** Any text file a suite reads (the suite, a prompt file it names), under the same guards. */
export async function readTextSource(file: string, kind: TextFileKind): Promise<{ source: string } | { problem: Diagnostic }> {
  const max = kind.maxBytes ?? MAX_SUITE_BYTES;
  return decodeText(file, kind, await readFileBytes(file, max, kind.noun, (size) => `the file is ${megabytes(size)}; ${kind.tooBig(megabytes(max))}`));
}

/** The same, for readers that must be synchronous (a price file, a replayed cassette). */
export function readTextSourceSync(file: string, kind: TextFileKind): { source: string } | { problem: Diagnostic } {
  const max = kind.maxBytes ?? MAX_SUITE_BYTES;
  return decodeText(
    file,
    kind,
    readFileBytesSync(file, max, kind.noun, (size) => `the file is ${megabytes(size)}; ${kind.tooBig(megabytes(max))}`),
  );
}

function decodeText(file: string, kind: TextFileKind, read: BytesRead): { source: string } | { problem: Diagnostic } {
  const problem = (message: string, at?: { line: number; col: number }) => ({ problem: { file, ...at, message } });
  if ('problem' in read) return problem(read.code === 'ENOENT' && kind.missing ? kind.missing : read.problem);
  const { bytes } = read;
  // Checked before decoding: UTF-16 decoded as UTF-8 is a NUL after every ASCII letter.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return problem(`the file is UTF-16 (it starts with the byte-order mark ${bytes[0] === 0xff ? 'FF FE' : 'FE FF'}); save it as UTF-8`, { line: 1, col: 1 });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return problem(`not a text file (it has NUL bytes); ${kind.notText}`, placeOf(bytes, nul));
  // Decoding replaces bad bytes with U+FFFD silently; a Latin-1 "café" would reach the prompt as "caf�".
  if (!isUtf8(bytes)) return problem('the file is not UTF-8 text; save it as UTF-8', placeOf(bytes, firstNonUtf8(bytes)));
  let source = bytes.toString('utf8');
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  return { source };
}

/** Rounded up, so a file just over the limit never reads as the limit itself. */
function megabytes(n: number): string {
  return `${Math.ceil((n / (1024 * 1024)) * 10) / 10} MB`;
}

/** Where the first byte that is not UTF-8 is (a newline byte never sits inside a UTF-8 sequence). */
function firstNonUtf8(bytes: Buffer): number {
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    const line = bytes.subarray(start, end < 0 ? bytes.length : end);
    if (!isUtf8(line)) {
      // Decoding turns the first bad sequence into U+FFFD: what comes before it decoded as itself.
      const good = line.toString('utf8').indexOf('\uFFFD');
      return start + Buffer.byteLength(line.toString('utf8').slice(0, Math.max(0, good)));
    }
    start += line.length + 1;
  }
  return 0;
}

/** 1-based line and column (in characters) of a byte offset. */
function placeOf(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) [line, lineStart] = [line + 1, i + 1];
  return { line, col: bytes.subarray(lineStart, offset).toString('utf8').length + 1 };
}
