/**
 * A file's bytes, or why they cannot be read, refusing before reading what could hang or exhaust the
 * process: a pipe, a device, a file over `maxBytes`. A relative path opens from the run's directory.
 * Every file promptgate reads from a user comes through here.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { inRunDir } from './run-dir.ts';

/** `code`: the errno when the file could not be opened or read (ENOENT: not there). */
export type BytesRead = { bytes: Buffer } | { problem: string; code?: string };

/** Plain words for what usually goes wrong; a rarer code is shown as it is. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file (a link to a missing file?)',
  ELOOP: 'the link points back at itself (ELOOP)',
  EACCES: 'permission denied',
};

// O_NONBLOCK: opening a named pipe with no writer would otherwise wait forever. The type is checked
// on the open descriptor, so a file swapped for a pipe after it was found is caught too.
const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export async function readFileBytes(file: string, maxBytes: number, what: string, tooBig: (size: number) => string): Promise<BytesRead> {
  try {
    const handle = await open(inRunDir(file), FLAGS);
    try {
      const refused = refusal(await handle.stat(), maxBytes, what, tooBig);
      return refused ?? { bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return cannotRead(e);
  }
}

/** The same, for the synchronous readers (a price file read as a command starts, a replayed cassette). */
export function readFileBytesSync(file: string, maxBytes: number, what: string, tooBig: (size: number) => string): BytesRead {
  try {
    const fd = openSync(inRunDir(file), FLAGS);
    try {
      const info = fstatSync(fd);
      return refusal(info, maxBytes, what, tooBig) ?? { bytes: readAll(fd, info.size) };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return cannotRead(e);
  }
}

/**
 * What readFileSync(fd) reads, into a buffer of the size fstat just gave (readFileSync would fstat
 * again: replay reads a cassette a call). A size of 0 (a /proc file) reads to the end.
 */
function readAll(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const bytes = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, bytes, n, size - n, null);
    if (got === 0) break;
    n += got;
  }
  return n < size ? bytes.subarray(0, n) : bytes;
}

function refusal(info: Stats, maxBytes: number, what: string, tooBig: (size: number) => string): { problem: string } | undefined {
  if (!info.isFile()) return { problem: `this is ${kindOf(info)}, not ${what}` };
  if (info.size > maxBytes) return { problem: tooBig(info.size) };
  return undefined;
}

function cannotRead(e: unknown): { problem: string; code?: string } {
  const code = (e as NodeJS.ErrnoException).code;
  return { problem: `cannot read: ${(code && READ_ERRORS[code]) ?? code ?? (e as Error).message}`, ...(code ? { code } : {}) };
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
