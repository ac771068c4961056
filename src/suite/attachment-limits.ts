/**
 * The API's published limits on images and documents, as sourced data (like the model rules in
 * schema/models.json): validate refuses at the suite's line what the API would answer with a 400 or
 * a 413. Where the docs disagree, the lower figure is kept and the note says so.
 */
import type { Sourced } from '../models/model-table.ts';

const MIB = 1024 * 1024;
const CHECKED = '2026-12-06';
const VISION = 'https://platform.claude.com/docs/en/build-with-claude/vision';
const PDF = 'https://platform.claude.com/docs/en/build-with-claude/pdf-support';

export const ATTACHMENT_LIMITS = {
  /** The API measures an image by its base64 text, not its bytes. */
  imageBase64Bytes: {
    value: 5 * MIB,
    source: `${VISION} (FAQ: 5 MB per image on the API)`,
    checked: CHECKED,
    note: 'Measured on the base64 string: a file of at most 3,932,160 bytes.',
  },
  imageSide: { value: 8000, source: `${VISION} (General limits: 8000x8000 px)`, checked: CHECKED },
  /** Over `manyImages` images in one request, each side may be at most `imageSideMany`. */
  imageSideMany: { value: 2000, manyImages: 20, source: `${VISION} (more than 20 images in one request: 2000x2000 px)`, checked: CHECKED },
  imagesPerRequest: {
    value: 600,
    smallContext: 100,
    source: `${VISION} (100 per request for models with a 200k-token context window, 600 for others)`,
    checked: CHECKED,
  },
  pdfPages: { value: 600, smallContext: 100, source: `${PDF} (600 pages; 100 when the context window is under 1M tokens)`, checked: CHECKED },
  requestBytes: {
    value: 32 * MIB,
    source: 'https://platform.claude.com/docs/en/api/overview (request size limits: 32 MB for standard endpoints, Messages included)',
    checked: CHECKED,
    note: `${PDF} now says 128 MB on the first-party API; the vision page and the API overview still say 32 MB, which is kept (it also holds on Bedrock and Vertex).`,
  },
  imageMediaTypes: { value: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'], source: `${VISION} (supported formats)`, checked: CHECKED },
} satisfies Record<string, Sourced & { value: unknown; manyImages?: number; smallContext?: number }>;

/** Context windows of at least this many tokens get the higher image and page limits. */
export const LARGE_CONTEXT = 1_000_000;
