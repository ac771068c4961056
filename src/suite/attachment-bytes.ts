/**
 * What an attached file is, read from its bytes (the extension can lie): the image formats the API
 * takes with their pixel size from the header, a PDF with its page count, or UTF-8 text. No image
 * library: each format states its size in the first few dozen bytes.
 */
import { isUtf8 } from 'node:buffer';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export type FileKind =
  | { kind: 'image'; mediaType: ImageMediaType; width?: number | undefined; height?: number | undefined }
  | { kind: 'pdf'; pages?: number | undefined }
  | { kind: 'text' }
  | { kind: 'other' };

/** The names the extensions promise, for saying what a file claims to be. */
const EXTENSIONS: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/plain',
};

export function mediaTypeOfExtension(ext: string): string | undefined {
  return EXTENSIONS[ext.toLowerCase()];
}

export function mediaTypeOf(kind: FileKind): string | undefined {
  return kind.kind === 'image' ? kind.mediaType : kind.kind === 'pdf' ? 'application/pdf' : kind.kind === 'text' ? 'text/plain' : undefined;
}

export function detectFile(bytes: Buffer): FileKind {
  const image = imageOf(bytes);
  if (image) return image;
  const text = !bytes.includes(0) && isUtf8(bytes);
  // Readers accept a PDF header after up to 1 KB of other bytes; a text file that merely mentions
  // `%PDF-` near its start is still text (a real PDF has binary bytes).
  const header = bytes.indexOf('%PDF-');
  if (header === 0 || (header > 0 && header < 1024 && !text)) return { kind: 'pdf', pages: pdfPages(bytes) };
  if (text) return { kind: 'text' };
  return { kind: 'other' };
}

function imageOf(b: Buffer): FileKind | undefined {
  const at = (text: string, offset = 0) => b.length >= offset + text.length && b.toString('latin1', offset, offset + text.length) === text;
  if (at('\x89PNG\r\n\x1a\n')) {
    // IHDR is the first chunk: width and height, big-endian, at 16 and 20.
    return { kind: 'image', mediaType: 'image/png', ...(b.length >= 24 && at('IHDR', 12) ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) } : {}) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'image', mediaType: 'image/jpeg', ...jpegSize(b) };
  if (at('GIF87a') || at('GIF89a'))
    return { kind: 'image', mediaType: 'image/gif', ...(b.length >= 10 ? { width: b.readUInt16LE(6), height: b.readUInt16LE(8) } : {}) };
  if (at('RIFF') && at('WEBP', 8)) return { kind: 'image', mediaType: 'image/webp', ...webpSize(b) };
  return undefined;
}

/** The frame header (SOFn) holds the size; segments before it are skipped by their lengths. */
function jpegSize(b: Buffer): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  return {};
}

/** Lossy (VP8), lossless (VP8L) and extended (VP8X) WebP each put the size in their own place. */
function webpSize(b: Buffer): { width?: number; height?: number } {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && b.length >= 30) return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ' && b.length >= 30) return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  return {};
}

/**
 * The page count, when the file shows it: the largest `/Count` of a page-tree node (`/Type /Pages`),
 * which the root holds; else the number of `/Type /Page` objects. A PDF 1.5+ file that keeps its
 * objects in compressed object streams shows neither: undefined, and its pages go unchecked.
 */
export function pdfPages(bytes: Buffer): number | undefined {
  const text = bytes.toString('latin1');
  let count: number | undefined;
  for (const object of text.split(/\bendobj\b/)) {
    if (!/\/Type\s*\/Pages\b/.test(object)) continue;
    const n = /\/Count\s+(\d+)/.exec(object);
    if (n) count = Math.max(count ?? 0, Number(n[1]));
  }
  if (count !== undefined) return count;
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return pages > 0 ? pages : undefined;
}
