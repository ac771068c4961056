/**
 * A file's bytes, or why they cannot be read, refusing before reading what could hang or exhaust the
 * process: a pipe, a device, a file over `maxBytes`. A relative path opens from the run's directory.
 * Every file promptgate reads from a user comes through here.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
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
      const info = await handle.stat();
      const refused = refusal(info, maxBytes, what, tooBig);
      if (refused) return refused;
      // The rare file of no stated size is read synchronously (readUnsized), the common one without blocking.
      return info.size === 0 ? readUnsized(handle.fd, maxBytes, what) : { bytes: await handle.readFile() };
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
      return refusal(info, maxBytes, what, tooBig) ?? (info.size === 0 ? readUnsized(fd, maxBytes, what) : { bytes: readAll(fd, info.size) });
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return cannotRead(e);
  }
}

/**
 * What readFileSync(fd) reads, into a buffer of the size fstat just gave (readFileSync would fstat
 * again: replay reads a cassette a call).
 */
function readAll(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, bytes, n, size - n, null);
    if (got === 0) break;
    n += got;
  }
  return n < size ? bytes.subarray(0, n) : bytes;
}

/**
 * A regular file of size 0: empty, or one whose size the system does not state (most of /proc and
 * /sys). Read to its end but refused once it passes `maxBytes`: /proc/self/pagemap reads as gigabytes.
 */
function readUnsized(fd: number, maxBytes: number, what: string): BytesRead {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const got = readSync(fd, chunk, 0, chunk.length, null);
    if (got === 0) return { bytes: Buffer.concat(chunks, total) };
    chunks.push(chunk.subarray(0, got));
    total += got;
    if (total > maxBytes) return { problem: `it reads as more than ${maxBytes} bytes, more than ${what} may hold (the system states no size for it)` };
  }
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
