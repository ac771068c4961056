import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { appendFile, lstat, mkdir, open, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redact, redactChunk } from '../redact.ts';
import { inRunDir } from '../run-dir.ts';

/**
 * Writes a file so readers see the old content or the new, never half of one: write a sibling
 * temp file, then rename over the target (atomic on one filesystem). Every file promptgate writes
 * comes through here, so text is redacted here.
 *
 * A rename would replace whatever is at the path, so, as other CLIs do: a symlink is written through
 * (its target replaced, the link kept), a character device or pipe (`/dev/stdout`) is written to
 * directly, and any other non-regular file is refused.
 */
export async function writeFileAtomic(given: string, data: string | Uint8Array, { replaceLink = false } = {}): Promise<void> {
  const bytes = redactChunk(data);
  const file = inRunDir(given);
  // `replaceLink`: a link at the path is replaced by the file, not written through (a cassette: a link
  // committed under fixtures/ must not make the record job write wherever it points).
  const target = replaceLink && (await lstat(file).catch(() => undefined))?.isSymbolicLink() ? { path: file, direct: false } : await writeTarget(file);
  if (target.direct) return writeDirect(target.path, bytes);
  await mkdir(path.dirname(target.path), { recursive: true });
  const tmp = `${target.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, target.path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** A write refused for what is at the path; `code` lets callers word it (reporters/index.ts whyNotWritten). */
export class NotAFileError extends Error {
  readonly code = 'ENOTFILE';
  readonly what: string;
  constructor(file: string, what: string) {
    super(`${file} is ${what}, not a file`);
    this.what = what;
  }
}

async function writeTarget(file: string): Promise<{ path: string; direct: boolean }> {
  const here = await lstat(file).catch(() => undefined);
  if (!here) return { path: file, direct: false };
  let info = here;
  if (here.isSymbolicLink()) {
    const followed = await stat(file).catch(() => undefined);
    // A dangling link: the file it names is created, the link kept.
    if (!followed) return { path: await danglingTarget(file), direct: false };
    info = followed;
    // /dev/stdout and /proc/self/fd/N name an open descriptor: replacing its file would lose what it holds.
    const real = await realpath(file).catch(() => undefined);
    if (info.isFile()) return real && !real.startsWith('/proc/') ? { path: real, direct: false } : { path: file, direct: true };
  }
  if (info.isFile()) return { path: file, direct: false };
  if (info.isCharacterDevice() || info.isFIFO()) return { path: file, direct: true };
  if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file} is a directory`), { code: 'EISDIR' });
  throw new NotAFileError(file, info.isSocket() ? 'a socket' : info.isBlockDevice() ? 'a block device' : 'neither a file nor a device');
}

/** Where a chain of links ends when its last target does not exist yet. */
async function danglingTarget(file: string): Promise<string> {
  let at = file;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(at).catch(() => undefined);
    if (!info?.isSymbolicLink()) return at;
    at = path.resolve(path.dirname(at), await readlink(at));
  }
  throw Object.assign(new Error(`${file}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/**
 * Appended, not truncated: a path naming an open descriptor (/dev/stdout redirected to a file) keeps
 * what was printed before. A pipe with no reader is refused (ENXIO) rather than waited on forever.
 */
async function writeDirect(file: string, bytes: string | Uint8Array): Promise<void> {
  const probe = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK);
  try {
    // Written through a blocking descriptor, so a full pipe waits for its reader instead of failing.
    const handle = (await probe.stat()).isFIFO() ? await open(file, constants.O_WRONLY | constants.O_APPEND) : probe;
    try {
      await handle.writeFile(bytes);
    } finally {
      if (handle !== probe) await handle.close();
    }
  } finally {
    await probe.close();
  }
}

/** For files others also append to (GitHub's step summary): appended whole, redacted like every write. */
export async function appendText(file: string, text: string): Promise<void> {
  await appendFile(inRunDir(file), redact(text));
}
