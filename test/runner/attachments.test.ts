/**
 * Attachments end to end: recorded against the strict simulator, replayed offline, no copy of the
 * bytes in any cassette, an edited PDF is a stale recording naming it, and the MSW kit matches an
 * app's own request (bytes, no suite) to a cassette the runner made.
 */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totals, type RunResult } from '../../src/run-result.ts';
import { claude } from '../../src/msw/index.ts';
import { startSimulator, type SimRequest, type Simulator } from '../support/sim/index.ts';
import { pdf, png } from '../support/attachment-files.ts';
import { record, replay, tempProject } from '../support/project.ts';

const SUITE = `
name: invoices
model: claude-haiku-4-5
max_tokens: 100
cases:
  - id: receipt
    prompt: "What is on the receipt?"
    attachments:
      - image: ../fixtures/inputs/receipt.png
    assert:
      - contains: "image/png"
  - id: invoice
    messages:
      - role: user
        content:
          - { document: ../fixtures/inputs/invoice.pdf, title: March }
          - { type: text, text: "Total?" }
    assert:
      - contains: "application/pdf"
`;

/** Says which attachments arrived, so a passing case shows the simulator got the real blocks. */
const responder = (r: SimRequest) => {
  const blocks = r.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
  const seen = blocks.flatMap((b) =>
    (b.type === 'image' || b.type === 'document') && b.source.type === 'base64' ? [`${b.type} ${b.source.media_type} ${b.source.data.length}`] : [],
  );
  return `Got ${seen.join(', ')}`;
};

const image = png(4, 3);
const invoice = pdf(2, 'Invoice 42: total 118.00 EUR');

async function cassettes(dir: string): Promise<Record<string, string>> {
  const folder = path.join(dir, 'fixtures/invoices');
  const out: Record<string, string> = {};
  for (const f of await readdir(folder)) out[f] = await readFile(path.join(folder, f), 'utf8');
  return out;
}

describe('attachments recorded and replayed', () => {
  let sim: Simulator;
  let dir: string;
  let recorded: RunResult;

  beforeAll(async () => {
    sim = await startSimulator({ responder });
    dir = await tempProject({ 'suites/invoices.yaml': SUITE, 'fixtures/inputs/.keep': '' });
    await writeFile(path.join(dir, 'fixtures/inputs/receipt.png'), image);
    await writeFile(path.join(dir, 'fixtures/inputs/invoice.pdf'), invoice);
    recorded = await record(dir, sim.url);
  });
  afterAll(() => sim.close());

  it('records against the strict simulator, which got the real base64 blocks, and replays offline', async () => {
    expect(totals(recorded)).toMatchObject({ passed: 2, errored: 0 });
    const text = (r: RunResult, id: string) => r.suites[0]!.cases.find((c) => c.id === id)!.samples[0]!.output!.text;
    expect(text(recorded, 'receipt')).toBe(`Got image image/png ${image.toString('base64').length}`);
    expect(text(recorded, 'invoice')).toBe(`Got document application/pdf ${invoice.toString('base64').length}`);
    const before = sim.stats.requests;
    const replayed = await replay(dir);
    expect(totals(replayed)).toMatchObject({ passed: 2, errored: 0 });
    expect(text(replayed, 'invoice')).toBe(text(recorded, 'invoice'));
    expect(sim.stats.requests).toBe(before);
  });

  it('no cassette holds the base64 of an attachment: each holds its hash, size and name', async () => {
    const written = await cassettes(dir);
    expect(Object.keys(written).sort()).toEqual(['invoice.json', 'receipt.json']);
    for (const text of Object.values(written)) {
      for (const bytes of [image, invoice]) {
        expect(text).not.toContain(bytes.toString('base64'));
        // Nor a part of it: a long run of the base64 would be a copy too.
        expect(text).not.toContain(bytes.toString('base64').slice(8, 48));
      }
    }
    const stored = JSON.parse(written['invoice.json']!).request.messages[0].content[0];
    expect(stored).toEqual({
      type: 'document',
      title: 'March',
      source: {
        type: 'base64',
        media_type: 'application/pdf',
        data: expect.stringMatching(new RegExp(`^sha256:[0-9a-f]{64} \\(${invoice.length} bytes, \\.\\./fixtures/inputs/invoice\\.pdf\\)$`)),
      },
    });
  });

  it('one byte of the PDF changed: the case that sends it is stale, and the diff names the PDF', async () => {
    const file = path.join(dir, 'fixtures/inputs/invoice.pdf');
    const edited = Buffer.from(invoice);
    edited[edited.indexOf('42')] = '7'.charCodeAt(0);
    await writeFile(file, edited);
    try {
      const result = await replay(dir);
      const [receipt, stale] = ['receipt', 'invoice'].map((id) => result.suites[0]!.cases.find((c) => c.id === id)!);
      expect(receipt!.status).toBe('passed');
      const error = stale!.samples[0]!.error!;
      expect(error.type).toBe('stale_recording');
      expect(error.diff).toMatch(
        /^~ messages\[0\]\.content\[0\]\.source\.data: sha256:[0-9a-f]{64} \(\d+ bytes, \.\.\/fixtures\/inputs\/invoice\.pdf\) → sha256:[0-9a-f]{64} \(\d+ bytes, \.\.\/fixtures\/inputs\/invoice\.pdf\)$/,
      );
    } finally {
      await writeFile(file, invoice);
    }
  });

  it('a renamed file with the same bytes is the same request: the recording stays fresh', async () => {
    const renamed = path.join(dir, 'suites/renamed.pdf');
    await writeFile(renamed, invoice);
    await writeFile(path.join(dir, 'suites/invoices.yaml'), SUITE.replace('../fixtures/inputs/invoice.pdf', 'renamed.pdf'));
    try {
      expect(totals(await replay(dir))).toMatchObject({ passed: 2, errored: 0 });
    } finally {
      await writeFile(path.join(dir, 'suites/invoices.yaml'), SUITE);
      await rm(renamed);
    }
  });

  it('the strict simulator refuses a base64 block whose bytes are not its media type, as the API does', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-fake03-test-secret-do-not-leak-000000', baseURL: sim.url, maxRetries: 0 });
    const content: Anthropic.ContentBlockParam[] = [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: image.toString('base64') } }];
    await expect(client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content }] })).rejects.toThrow(
      'messages.0.content.0.image.source.base64: the data is not a valid image/jpeg file',
    );
  });

  it("the MSW kit answers an app's own request (the real base64, no suite) from the runner's cassette", async () => {
    const server = setupServer(claude.cassette(path.join(dir, 'fixtures/invoices')));
    server.listen({ onUnhandledFrame: 'error' });
    try {
      const client = new Anthropic({ apiKey: 'test', maxRetries: 0 });
      const content: Anthropic.ContentBlockParam[] = [
        { type: 'document', title: 'March', source: { type: 'base64', media_type: 'application/pdf', data: invoice.toString('base64') } },
        { type: 'text', text: 'Total?' },
      ];
      const answer = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content }] });
      expect(answer.content[0]).toMatchObject({ text: `Got document application/pdf ${invoice.toString('base64').length}` });
      // Other bytes are another request: the diff names the file the cassette was recorded with.
      const other = pdf(2, 'Invoice 43');
      content[0] = {
        ...(content[0] as Anthropic.DocumentBlockParam),
        source: { type: 'base64', media_type: 'application/pdf', data: other.toString('base64') },
      };
      await expect(client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content }] })).rejects.toThrow(
        /source\.data: sha256:[0-9a-f]{64} \(\d+ bytes, \.\.\/fixtures\/inputs\/invoice\.pdf\) → sha256:[0-9a-f]{64} \(\d+ bytes\)/,
      );
      // The same bytes with another question: the diff is the question alone, the file read as the cassette names it.
      const asked = [
        {
          ...(content[0] as Anthropic.DocumentBlockParam),
          source: { type: 'base64' as const, media_type: 'application/pdf' as const, data: invoice.toString('base64') },
        },
        { type: 'text' as const, text: 'Tax?' },
      ];
      const why = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: asked }] }).then(
        () => '',
        (e: Error) => e.message,
      );
      expect(why).toMatch(/~ messages\[0\]\.content\[1\]\.text: "Total\?" → "Tax\?"/);
      expect(why).not.toContain('source.data');
    } finally {
      server.close();
    }
  });
});
