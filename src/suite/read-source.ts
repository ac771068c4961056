/**
 * A suite file's text, or the one reason it cannot be a suite. Everything that could hang or
 * exhaust the process before YAML is parsed is decided here.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from '../input-error.ts';

/**
 * Loading costs ~75 bytes of memory a byte of suite: an 18 MB suite of 60,000 cases validates in
 * 43 s at a 1.4 GB peak, inside a 2 GB heap (measured on the 2-core machine). 16 MiB still takes
 * what `import` makes of a 10 MB Console export; a few times that would run out of heap, a crash.
 */
export const MAX_SUITE_BYTES = 16 * 1024 * 1024;

/** Plain words for what usually goes wrong; a rarer code is shown as it is. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file (a link to a missing file?)',
  ELOOP: 'the link points back at itself (ELOOP)',
  EACCES: 'permission denied',
};

/** How the messages name the file being read: a suite, or a file a suite names (a dataset). */
export interface SourceKind {
  /** "suite": "not a suite file", "split it into several suites". */
  noun: string;
  /** What the file should be, said after a NUL byte: "a suite is YAML". */
  textIs: string;
}

const SUITE: SourceKind = { noun: 'suite', textIs: 'a suite is YAML' };

export async function readSuiteSource(file: string, kind: SourceKind = SUITE): Promise<{ source: string } | { problem: Diagnostic }> {
  const problem = (message: string, at: { line: number; col: number } | undefined = undefined) => ({ problem: { file, ...at, message } });
  let bytes: Buffer;
  try {
    // O_NONBLOCK: opening a named pipe with no writer would otherwise wait forever. The type is
    // checked on the open descriptor, so a file swapped for a pipe after discovery is caught too.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return problem(`this is ${kindOf(info)}, not a ${kind.noun} file`);
      if (info.size > MAX_SUITE_BYTES) return problem(`the file is ${megabytes(info.size)}; a ${kind.noun} may be at most ${megabytes(MAX_SUITE_BYTES)} (split it into several ${kind.noun}s)`);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return problem(`cannot read: ${(code && READ_ERRORS[code]) ?? code ?? (e as Error).message}`);
  }
  // Checked before decoding: UTF-16 decoded as UTF-8 is a NUL after every ASCII letter.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return problem(`the file is UTF-16 (it starts with the byte-order mark ${bytes[0] === 0xff ? 'FF FE' : 'FE FF'}); save it as UTF-8`, { line: 1, col: 1 });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return problem(`not a text file (it has NUL bytes); ${kind.textIs}`, placeOf(bytes, nul));
  // Decoding replaces bad bytes with U+FFFD silently; a Latin-1 "café" would reach the prompt as "caf�".
  if (!isUtf8(bytes)) return problem('the file is not UTF-8 text; save it as UTF-8', placeOf(bytes, firstNonUtf8(bytes)));
  let source = bytes.toString('utf8');
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  return { source };
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
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
