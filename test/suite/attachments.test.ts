/** image:/document: blocks from files: typed from their bytes, sent as the API's blocks, and the API's limits checked at load. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { detectFile, pdfPages } from '../../src/suite/attachment-bytes.ts';
import { gifHeader, jpegHeader, pdf, png, webpHeader } from '../support/attachment-files.ts';
import { runCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

/** A project with `suite` at suites/s.yaml and `files` (relative to suites/). */
async function project(suite: string, files: Record<string, Buffer | string> = {}): Promise<string> {
  const dir = await tempProject({ 'suites/s.yaml': suite });
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'suites', name)), { recursive: true });
    await writeFile(path.join(dir, 'suites', name), bytes);
  }
  return dir;
}

async function load(dir: string) {
  const [suite] = await loadSuites([path.join(dir, 'suites')], { day: '2026-12-06' });
  return suite!;
}

/** The problems loading reports, each as `suites/s.yaml:line:col: message`. */
async function problems(dir: string): Promise<string[]> {
  return loadSuites([path.join(dir, 'suites')], { day: '2026-12-06' }).then(
    () => [],
    (e: unknown) => (e instanceof InputError ? e.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(dir, d.file!) })) : Promise.reject(e)),
  );
}

const b64 = (b: Buffer) => b.toString('base64');

describe('attachments from files', () => {
  it('sends a PNG as a base64 image block and a PDF and a text file as document blocks, options passed through', async () => {
    const image = png(3, 2);
    const invoice = pdf(2);
    const dir = await project(
      `
name: s
model: claude-haiku-4-5
cases:
  - id: mixed
    messages:
      - role: user
        content:
          - { image: inputs/receipt.png, cache_control: { type: ephemeral } }
          - { document: inputs/invoice.pdf, title: Invoice, context: "March", citations: { enabled: true } }
          - { document: inputs/notes.txt }
          - { type: text, text: "Total?" }
`,
      { 'inputs/receipt.png': image, 'inputs/invoice.pdf': invoice, 'inputs/notes.txt': 'Paid in full.\n' },
    );
    const suite = await load(dir);
    const [c] = suite.cases;
    expect(c!.request.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(image) }, cache_control: { type: 'ephemeral' } },
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: b64(invoice) },
        title: 'Invoice',
        context: 'March',
        citations: { enabled: true },
      },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Paid in full.\n' } },
      { type: 'text', text: 'Total?' },
    ]);
    expect(Object.values(c!.attachments!).sort()).toEqual(['inputs/invoice.pdf', 'inputs/notes.txt', 'inputs/receipt.png']);
  });

  it('attachments: beside prompt puts the files before the prompt, in one user turn', async () => {
    const dir = await project(
      `
name: s
model: claude-haiku-4-5
vars: { who: Ann }
cases:
  - id: short
    prompt: "What did {{who}} pay?"
    attachments:
      - image: receipt.png
`,
      { 'receipt.png': png() },
    );
    const [c] = (await load(dir)).cases;
    expect(c!.request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(png()) } },
          { type: 'text', text: 'What did Ann pay?' },
        ],
      },
    ]);
  });

  it('reports a missing file, a file of the wrong kind and an extension that lies about the bytes, each at its line', async () => {
    const dir = await project(
      `
name: s
model: claude-haiku-4-5
cases:
  - id: a
    messages:
      - role: user
        content:
          - { image: missing.png }
          - { image: invoice.pdf }
          - { document: receipt.png }
          - { image: fake.png }
          - { document: blob.bin }
          - { document: folder }
  - id: b
    messages: [{ role: user, content: "hi" }]
    attachments: [{ image: receipt.png }]
`,
      { 'invoice.pdf': pdf(), 'receipt.png': png(), 'fake.png': pdf(), 'blob.bin': Buffer.from([0, 1, 2, 0xff]), 'folder/x': '' },
    );
    expect(await problems(dir)).toEqual([
      'suites/s.yaml:9:22: error: image: cannot read missing.png: no such file (a link to a missing file?)',
      'suites/s.yaml:10:22: error: image: invoice.pdf is a PDF, not an image the API takes (image/png, image/jpeg, image/gif, image/webp); attach it with document:',
      'suites/s.yaml:11:25: error: document: receipt.png is an image (image/png), not a document the API takes (a PDF or UTF-8 text); attach it with image:',
      'suites/s.yaml:12:22: error: image: fake.png: the extension says image/png but the bytes are application/pdf; rename the file or attach the right one',
      'suites/s.yaml:13:25: error: document: blob.bin is not a document the API takes (a PDF or UTF-8 text)',
      'suites/s.yaml:14:25: error: document: folder: this is a directory, not a file to attach',
      "suites/s.yaml:17:18: error: attachments: goes with prompt:; in messages:, put the image: and document: blocks in a turn's content",
    ]);
  });

  it('a {{var}} left in a path under attachments: says paths there are taken as written', async () => {
    const dir = await project(`
name: s
model: claude-haiku-4-5
vars: { img: receipt }
cases:
  - id: a
    prompt: hi
    attachments: [{ image: "{{img}}.png" }]
`);
    expect(await problems(dir)).toEqual([
      'suites/s.yaml:8:28: error: image: cannot read {{img}}.png: no such file (a link to a missing file?) (a path under attachments: is taken as written; to fill {{vars}} in it, name the file in messages:)',
    ]);
  });

  it('promptgate validate: a missing file is exit 2 at the suite line, with no stack', async () => {
    const dir = await project(`
name: s
model: claude-haiku-4-5
cases:
  - id: a
    prompt: hi
    attachments: [{ document: inputs/gone.pdf }]
`);
    const run = await runCli(['validate', 'suites'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('suites/s.yaml:7:31: error: document: cannot read inputs/gone.pdf: no such file (a link to a missing file?)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says what is wrong with a block naming a file: a document key on an image, a misspelt key, a bare path', async () => {
    const dir = await project(
      `
name: s
model: claude-haiku-4-5
cases:
  - id: a
    prompt: hi
    attachments:
      - { image: receipt.png, title: Receipt }
  - id: b
    messages:
      - role: user
        content:
          - { imgae: receipt.png }
  - id: c
    prompt: hi
    attachments: [receipt.png]
`,
      { 'receipt.png': png() },
    );
    expect(await problems(dir)).toEqual([
      'suites/s.yaml:8:18: error: image: receipt.png: an image block takes only cache_control; title is for document:',
      'suites/s.yaml:13:13: error: cases[1].messages[0].content[0] has the wrong shape: expected a mapping with image, or a mapping with document, got a mapping',
      "suites/s.yaml:13:15: error: unknown key 'imgae' in cases[1].messages[0].content[0] (did you mean 'image'?)",
      'suites/s.yaml:16:19: error: cases[2].attachments[0] has the wrong shape: expected a mapping with image, or a mapping with document, got a string ("receipt.png")',
    ]);
  });

  it('reads the type and pixel size from the bytes of each format the API takes', () => {
    expect(detectFile(png(7, 5))).toEqual({ kind: 'image', mediaType: 'image/png', width: 7, height: 5 });
    expect(detectFile(jpegHeader(640, 480))).toEqual({ kind: 'image', mediaType: 'image/jpeg', width: 640, height: 480 });
    expect(detectFile(gifHeader(10, 20))).toEqual({ kind: 'image', mediaType: 'image/gif', width: 10, height: 20 });
    expect(detectFile(webpHeader(8000, 1))).toEqual({ kind: 'image', mediaType: 'image/webp', width: 8000, height: 1 });
    expect(detectFile(pdf(3))).toEqual({ kind: 'pdf', pages: 3 });
    expect(detectFile(Buffer.from('héllo'))).toEqual({ kind: 'text' });
    expect(detectFile(Buffer.from('A PDF starts with %PDF-1.7, then objects.'))).toEqual({ kind: 'text' });
    expect(detectFile(Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), pdf(1)]))).toEqual({ kind: 'pdf', pages: 1 });
    expect(detectFile(Buffer.from([0x42, 0x4d, 0, 0]))).toEqual({ kind: 'other' });
  });

  it('counts PDF pages from the page tree root, else the page objects, else not at all', () => {
    expect(pdfPages(pdf(101))).toBe(101);
    expect(pdfPages(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj 2 0 obj << /Type /Page >> endobj'))).toBe(2);
    expect(pdfPages(Buffer.from('%PDF-1.5\n1 0 obj << /Type /ObjStm /Filter /FlateDecode >> endobj'))).toBeUndefined();
  });
});

describe("the API's limits, at their boundaries", () => {
  const suite = (model: string, blocks: string) => `
name: s
model: ${model}
cases:
  - id: c
    messages:
      - role: user
        content:
${blocks}
          - { type: text, text: "?" }
`;

  it('an image of at most 5 MB as base64 passes; one byte more fails', async () => {
    // 3,932,160 bytes is exactly 5 MiB of base64.
    const dir = await project(suite('claude-haiku-4-5', '          - { image: ok.png }\n          - { image: big.png }'), {
      'ok.png': png(1, 1, 3_932_160),
      'big.png': png(1, 1, 3_932_161),
    });
    expect(await problems(dir)).toEqual([
      'suites/s.yaml:10:22: error: image: big.png is 3,932,161 bytes, 5,242,884 bytes as base64; the API takes at most 5,242,880 bytes (5 MB) of base64 per image',
    ]);
  });

  it('an image of 8000x8000 px passes; 8001 on either side fails', async () => {
    const dir = await project(suite('claude-haiku-4-5', '          - { image: ok.png }\n          - { image: wide.png }\n          - { image: tall.gif }'), {
      'ok.png': png(8000, 8000),
      'wide.png': png(8001, 1),
      'tall.gif': gifHeader(1, 8001),
    });
    expect(await problems(dir)).toEqual([
      'suites/s.yaml:10:22: error: image: wide.png is 8001x1 px; the API takes at most 8000x8000',
      'suites/s.yaml:11:22: error: image: tall.gif is 1x8001 px; the API takes at most 8000x8000',
    ]);
  });

  it('over 20 images, each may be at most 2000x2000 px', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `          - { image: ${i === 0 ? 'big' : 'small'}.png }`).join('\n');
    const files = { 'big.png': png(2001, 1), 'small.png': png() };
    expect(await problems(await project(suite('claude-haiku-4-5', many(20)), files))).toEqual([]);
    expect(await problems(await project(suite('claude-haiku-4-5', many(21)), files))).toEqual([
      'suites/s.yaml:9:22: error: image: big.png is 2001x1 px; with more than 20 images in a request, the API takes at most 2000x2000',
    ]);
  });

  it('100 images per request on a 200k-token model, 600 on a 1M-token one', async () => {
    const many = (n: number) => Array.from({ length: n }, () => '          - { image: a.png }').join('\n');
    const files = { 'a.png': png() };
    expect(await problems(await project(suite('claude-haiku-4-5', many(100)), files))).toEqual([]);
    expect(await problems(await project(suite('claude-haiku-4-5', many(101)), files))).toEqual([
      "suites/s.yaml:5:5: error: case 'c' sends 101 images; the API takes at most 100 per request for Claude Haiku 4.5 (a 200,000-token context window)",
    ]);
    expect(await problems(await project(suite('claude-sonnet-5-5', many(600)), files))).toEqual([]);
    expect(await problems(await project(suite('claude-sonnet-5-5', many(601)), files))).toEqual([
      "suites/s.yaml:5:5: error: case 'c' sends 601 images; the API takes at most 600 per request for Claude Sonnet 5.5 (a 1,000,000-token context window)",
    ]);
  });

  it('100 PDF pages per request under a 1M-token context window, 600 from it', async () => {
    const two = '          - { document: a.pdf }\n          - { document: b.pdf }';
    expect(await problems(await project(suite('claude-haiku-4-5', two), { 'a.pdf': pdf(60), 'b.pdf': pdf(40) }))).toEqual([]);
    expect(await problems(await project(suite('claude-haiku-4-5', two), { 'a.pdf': pdf(60), 'b.pdf': pdf(41) }))).toEqual([
      "suites/s.yaml:5:5: error: case 'c' sends 101 PDF pages (a.pdf: 60, b.pdf: 41); the API takes at most 100 per request for Claude Haiku 4.5 (a 200,000-token context window)",
    ]);
    expect(await problems(await project(suite('claude-sonnet-5-5', two), { 'a.pdf': pdf(600), 'b.pdf': pdf(1) }))).toEqual([
      "suites/s.yaml:5:5: error: case 'c' sends 601 PDF pages (a.pdf: 600, b.pdf: 1); the API takes at most 600 per request for Claude Sonnet 5.5 (a 1,000,000-token context window)",
    ]);
  });

  it('a request of at most 32 MB passes; a byte more fails, and a file over it is not read', async () => {
    // A text document is sent as it is: its size moves the request's size byte for byte.
    const sized = async (textBytes: number) => {
      const d = await project(suite('claude-sonnet-5-5', '          - { document: t.txt }'), { 't.txt': 'x'.repeat(textBytes) });
      return { dir: d, problems: await problems(d) };
    };
    const probe = await sized(1);
    expect(probe.problems).toEqual([]);
    const overhead = Buffer.byteLength(JSON.stringify((await load(probe.dir)).cases[0]!.request)) - 1;
    expect((await sized(32 * 1024 * 1024 - overhead)).problems).toEqual([]);
    expect((await sized(32 * 1024 * 1024 - overhead + 1)).problems).toEqual([
      "suites/s.yaml:5:5: error: case 'c' sends a request of 33,554,433 bytes with its attachments as base64; the API takes at most 33,554,432 bytes (32 MB)",
    ]);
    const huge = await project(suite('claude-sonnet-5-5', '          - { document: t.txt }'), { 't.txt': 'x'.repeat(32 * 1024 * 1024 + 1) });
    expect(await problems(huge)).toEqual([
      "suites/s.yaml:9:25: error: document: t.txt: the file is 33,554,433 bytes; a request may be at most 33,554,432 bytes (the API's limit)",
    ]);
  });
});
