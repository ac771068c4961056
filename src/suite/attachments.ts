/**
 * Attachments from files: `{ image: receipt.png }` and `{ document: invoice.pdf }` blocks (or an
 * `attachments:` list) become the API's base64 image and document blocks, read when the suite loads.
 * The media type comes from the bytes, and the API's limits (attachment-limits.ts) are checked here
 * so validate refuses what the API would; nothing below suite/ reads the files.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import type Anthropic from '@anthropic-ai/sdk';
import { modelInfo } from '../models/model-table.ts';
import { detectFile, mediaTypeOf, mediaTypeOfExtension, type FileKind } from './attachment-bytes.ts';
import { ATTACHMENT_LIMITS as L, LARGE_CONTEXT } from './attachment-limits.ts';
import type { YamlPath } from './locate.ts';
import type { RequestDraft } from './model-rules.ts';
import { readFileBytes } from '../read-text.ts';
import type { CaseFile } from './suite-file.ts';

/** A content block naming a file, as written in the suite. */
export type FileBlock = ({ image: string } | { document: string }) & Record<string, unknown>;

export interface AttachedFiles {
  problems: { at: YamlPath; message: string }[];
  /** sha256 → the file as the suite names it, for Case.attachments. */
  names: Record<string, string>;
}

interface Attached {
  at: YamlPath;
  name: string;
  kind: FileKind;
  size: number;
}

/**
 * Replaces the file blocks in `request.messages` (already templated) with the API's blocks. `at` is
 * the case; `caseName` names it in request-wide problems. A promise only when the case names a file:
 * the loader awaits it only then (a suite has many cases).
 */
export function attachFiles(request: RequestDraft, rawCase: CaseFile, at: YamlPath, dir: string, caseName: string): AttachedFiles | Promise<AttachedFiles> {
  const messages = request.messages as Anthropic.MessageParam[] | undefined;
  const named = Array.isArray(rawCase.attachments) || messages?.some((m) => Array.isArray(m?.content) && m.content.some(isFileBlock));
  if (!Array.isArray(messages) || !named) return { problems: [], names: {} };
  return attachNamed(request, messages, rawCase, at, dir, caseName);
}

async function attachNamed(
  request: RequestDraft,
  messages: Anthropic.MessageParam[],
  rawCase: CaseFile,
  at: YamlPath,
  dir: string,
  caseName: string,
): Promise<AttachedFiles> {
  const out: AttachedFiles = { problems: [], names: {} };
  // In the order they are written, though read at once: messages name them in that order.
  const slots: (Attached & { sha256: string })[] = [];
  const attach = async (block: FileBlock, where: YamlPath): Promise<unknown> => {
    const key = 'image' in block ? 'image' : 'document';
    const slot = slots.length++;
    const made = await fileBlock(block, key, dir);
    if ('problem' in made) {
      // Only messages: are templated; a {{var}} left in a path under attachments: is the likely cause.
      const literal = where.includes('attachments') && String(block[key as keyof FileBlock]).includes('{{');
      const why = literal ? ' (a path under attachments: is taken as written; to fill {{vars}} in it, name the file in messages:)' : '';
      out.problems.push({ at: [...where, key], message: `${key}: ${made.problem}${why}` });
      return block;
    }
    slots[slot] = { at: [...where, key], name: made.name, kind: made.kind, size: made.size, sha256: made.sha256 };
    return made.block;
  };

  // The turns as written first: the attachments: list below adds blocks that are not in them.
  for (const [i, message] of messages.entries()) {
    if (!Array.isArray(message?.content)) continue;
    const content = message.content as unknown[];
    message.content = (await Promise.all(
      content.map((block, j) => (isFileBlock(block) ? attach(block, [...at, 'messages', i, 'content', j]) : block)),
    )) as Anthropic.ContentBlockParam[];
  }
  const list = rawCase.attachments;
  if (Array.isArray(list)) {
    if (rawCase.prompt === undefined) {
      out.problems.push({
        at: [...at, 'attachments'],
        message: "attachments: goes with prompt:; in messages:, put the image: and document: blocks in a turn's content",
      });
    } else {
      const blocks = await Promise.all(list.map((block, k) => attach(block, [...at, 'attachments', k])));
      // Images and documents before the question: the API docs' advice for the best answers.
      messages[0] = { role: 'user', content: [...(blocks as Anthropic.ContentBlockParam[]), { type: 'text', text: messages[0]!.content as string }] };
    }
  }
  const files = slots.filter(Boolean);
  for (const f of files) out.names[f.sha256] = f.name;
  if (files.length === 0) return out;
  out.problems.push(...imageProblems(files), ...requestProblems(request, files, at, caseName));
  return out;
}

function isFileBlock(block: unknown): block is FileBlock {
  if (!block || typeof block !== 'object' || Array.isArray(block) || 'type' in block) return false;
  return typeof (block as { image?: unknown }).image === 'string' || typeof (block as { document?: unknown }).document === 'string';
}

/** The API's document block has these; its image block does not. */
const DOCUMENT_KEYS = ['title', 'context', 'citations'];

type Made = { block: Anthropic.ImageBlockParam | Anthropic.DocumentBlockParam; sha256: string; name: string; kind: FileKind; size: number };

async function fileBlock(written: FileBlock, key: 'image' | 'document', dir: string): Promise<Made | { problem: string }> {
  const { [key]: name, ...options } = written as Record<string, unknown> & { image?: string; document?: string };
  const shown = name!;
  const documentOnly = key === 'image' ? DOCUMENT_KEYS.filter((k) => k in options) : [];
  if (documentOnly.length)
    return {
      problem: `${shown}: an image block takes only cache_control; ${documentOnly.join(', ')} ${documentOnly.length === 1 ? 'is' : 'are'} for document:`,
    };
  const read = await readFileBytes(
    path.resolve(dir, shown),
    L.requestBytes.value,
    'a file to attach',
    (size) => `the file is ${bytes(size)}; a request may be at most ${bytes(L.requestBytes.value)} (the API's limit)`,
  );
  if ('problem' in read)
    return { problem: read.problem.startsWith('cannot read') ? `${read.problem.replace('cannot read', `cannot read ${shown}`)}` : `${shown}: ${read.problem}` };
  const kind = detectFile(read.bytes);
  const detected = mediaTypeOf(kind);
  const claimed = mediaTypeOfExtension(path.extname(shown));
  if (claimed && detected && claimed !== detected && !(claimed === 'text/plain' && kind.kind === 'text')) {
    return { problem: `${shown}: the extension says ${claimed} but the bytes are ${detected}; rename the file or attach the right one` };
  }
  const sha256 = createHash('sha256').update(read.bytes).digest('hex');
  const data = read.bytes.toString('base64');
  if (key === 'image') {
    if (kind.kind !== 'image')
      return {
        problem: `${shown} is ${kind.kind === 'other' ? '' : `${describe(kind)}, `}not an image the API takes (${L.imageMediaTypes.value.join(', ')})${kind.kind === 'pdf' || kind.kind === 'text' ? '; attach it with document:' : ''}`,
      };
    const source: Anthropic.Base64ImageSource = { type: 'base64', media_type: kind.mediaType, data };
    return { block: { ...options, type: 'image', source } as Anthropic.ImageBlockParam, sha256, name: shown, kind, size: read.bytes.length };
  }
  if (kind.kind === 'pdf') {
    const source: Anthropic.Base64PDFSource = { type: 'base64', media_type: 'application/pdf', data };
    return { block: { ...options, type: 'document', source } as Anthropic.DocumentBlockParam, sha256, name: shown, kind, size: read.bytes.length };
  }
  if (kind.kind === 'text') {
    const source: Anthropic.PlainTextSource = { type: 'text', media_type: 'text/plain', data: read.bytes.toString('utf8') };
    return { block: { ...options, type: 'document', source } as Anthropic.DocumentBlockParam, sha256, name: shown, kind, size: read.bytes.length };
  }
  return {
    problem: `${shown} is ${kind.kind === 'other' ? '' : `${describe(kind)}, `}not a document the API takes (a PDF or UTF-8 text)${kind.kind === 'image' ? '; attach it with image:' : ''}`,
  };
}

/** Each image's own limits: its size as base64 and its pixel size (smaller when the request has many images). */
function imageProblems(files: Attached[]): { at: YamlPath; message: string }[] {
  const problems: { at: YamlPath; message: string }[] = [];
  const images = files.filter((f) => f.kind.kind === 'image');
  const many = images.length > L.imageSideMany.manyImages;
  const side = many ? L.imageSideMany.value : L.imageSide.value;
  for (const f of images) {
    const kind = f.kind as Extract<FileKind, { kind: 'image' }>;
    // The API measures an image by its base64 text, not its bytes.
    const encoded = 4 * Math.ceil(f.size / 3);
    if (encoded > L.imageBase64Bytes.value) {
      problems.push({
        at: f.at,
        message: `image: ${f.name} is ${bytes(f.size)}, ${bytes(encoded)} as base64; the API takes at most ${bytes(L.imageBase64Bytes.value)} (5 MB) of base64 per image`,
      });
    }
    if (kind.width !== undefined && kind.height !== undefined && (kind.width > side || kind.height > side)) {
      const why = many ? `with more than ${L.imageSideMany.manyImages} images in a request, ` : '';
      problems.push({ at: f.at, message: `image: ${f.name} is ${kind.width}x${kind.height} px; ${why}the API takes at most ${side}x${side}` });
    }
  }
  return problems;
}

/** What the API limits per request: images, PDF pages, bytes; said at the case. */
function requestProblems(request: RequestDraft, files: Attached[], at: YamlPath, caseName: string): { at: YamlPath; message: string }[] {
  const problems: { at: YamlPath; message: string }[] = [];
  const model = typeof request.model === 'string' ? modelInfo(request.model) : undefined;
  const context = model?.limits?.contextWindow;
  const images = countBlocks(request.messages, 'image');
  // A model the table does not size gets the higher limits: only what every model refuses is refused.
  const maxImages = context !== undefined && context <= 200_000 ? L.imagesPerRequest.smallContext : L.imagesPerRequest.value;
  if (images > maxImages) {
    problems.push({ at, message: `${caseName} sends ${images} images; the API takes at most ${maxImages} per request${forModel(model?.name, context)}` });
  }
  const pdfs = files.filter((f) => f.kind.kind === 'pdf') as (Attached & { kind: { pages?: number } })[];
  const pages = pdfs.reduce((n, f) => n + (f.kind.pages ?? 0), 0);
  const maxPages = context !== undefined && context < LARGE_CONTEXT ? L.pdfPages.smallContext : L.pdfPages.value;
  if (pages > maxPages) {
    const which = pdfs.map((f) => `${f.name}: ${f.kind.pages ?? '?'}`).join(', ');
    problems.push({
      at,
      message: `${caseName} sends ${pages} PDF pages (${which}); the API takes at most ${maxPages} per request${forModel(model?.name, context)}`,
    });
  }
  const size = Buffer.byteLength(JSON.stringify(request));
  if (size > L.requestBytes.value) {
    problems.push({
      at,
      message: `${caseName} sends a request of ${bytes(size)} with its attachments as base64; the API takes at most ${bytes(L.requestBytes.value)} (32 MB)`,
    });
  }
  return problems;
}

function forModel(name: string | undefined, context: number | undefined): string {
  return name !== undefined && context !== undefined ? ` for ${name} (a ${context.toLocaleString('en-US')}-token context window)` : '';
}

function countBlocks(value: unknown, type: string): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countBlocks(v, type), 0);
  if (!value || typeof value !== 'object') return 0;
  const own = (value as { type?: unknown }).type === type ? 1 : 0;
  return own + Object.values(value).reduce((n: number, v) => n + countBlocks(v, type), 0);
}

function describe(kind: FileKind): string {
  if (kind.kind === 'image') return `an image (${kind.mediaType})`;
  if (kind.kind === 'pdf') return 'a PDF';
  return 'text';
}

function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}
