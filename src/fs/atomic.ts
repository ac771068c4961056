import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redact, redactChunk } from '../redact.ts';
import { inRunDir } from '../run-dir.ts';

/**
 * Writes a file so readers see the old content or the new, never half of one: write a sibling
 * temp file, then rename over the target (atomic on one filesystem). Every file promptgate writes
 * comes through here, so text is redacted here.
 */
export async function writeFileAtomic(given: string, data: string | Uint8Array): Promise<void> {
  const file = inRunDir(given);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, redactChunk(data));
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** For files others also append to (GitHub's step summary): appended whole, redacted like every write. */
export async function appendText(file: string, text: string): Promise<void> {
  await appendFile(inRunDir(file), redact(text));
}
