/**
 * A key streamed back a few characters a delta is not written to a recording: the file is redacted
 * as a whole, but no one delta held a slice of the key long enough to find, and replay joined it back
 * whole into every report (an outside-in trial). A block whose joined text holds a secret is written
 * in one delta, which the redaction then reaches; every other delta is kept as it came.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { expect, it } from 'vitest';
import { CASSETTE_VERSION, writeCassette } from '../../src/cassette/cassette.ts';
import { withSecrets } from '../../src/redact.ts';
import { benchMessage } from '../../bench/project.ts';

const KEY = ['gw', 'secret', 'Q7x9Lm2PzR4tV8nK'].join('-');

function deltas(index: number, text: string, size: number): Anthropic.RawMessageStreamEvent[] {
  const out: Anthropic.RawMessageStreamEvent[] = [];
  for (let i = 0; i < text.length; i += size) out.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: text.slice(i, i + size) } });
  return out;
}

it('writes a block whose streamed text holds the key in one delta, redacted; the other block as it came', async () => {
  const events: Anthropic.RawMessageStreamEvent[] = [
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
    // A citation first, then the text: the citation is kept, and the text joined into the text delta.
    {
      type: 'content_block_delta',
      index: 0,
      delta: {
        type: 'citations_delta',
        citation: { type: 'char_location', cited_text: 'x', document_index: 0, document_title: null, start_char_index: 0, end_char_index: 1, file_id: null },
      },
    },
    ...deltas(0, `You sent: Bearer ${KEY}.`, 3),
    { type: 'content_block_stop', index: 0 },
    { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '', citations: null } },
    ...deltas(1, 'Nothing to see here.', 3),
    { type: 'content_block_stop', index: 1 },
  ];
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'promptgate-stream-')), 's/c.json');
  await withSecrets([KEY], () =>
    writeCassette(file, {
      promptgate_cassette: CASSETTE_VERSION,
      key: 'k',
      call: 's/c',
      recorded_at: '2026-12-07T00:00:00.000Z',
      request: { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'echo' }], stream: true },
      response: { message: benchMessage('msg_1', 'You sent: Bearer [redacted].'), events },
      latency_ms: 1,
    }),
  );
  const text = await readFile(file, 'utf8');
  const written = JSON.parse(text) as { response: { events: Anthropic.RawMessageStreamEvent[] } };
  const joined = (index: number) =>
    written.response.events
      .flatMap((e) => (e.type === 'content_block_delta' && e.index === index && e.delta.type === 'text_delta' ? [e.delta.text] : []))
      .join('');
  expect(joined(0)).toBe('You sent: Bearer [redacted].');
  expect(
    written.response.events.filter((e) => e.type === 'content_block_delta' && e.index === 0).map((e) => e.type === 'content_block_delta' && e.delta.type),
  ).toEqual(['citations_delta', 'text_delta']);
  // No piece of the key that replay could join back: none of the deltas it was streamed in.
  for (const e of events)
    if (e.type === 'content_block_delta' && e.index === 0 && e.delta.type === 'text_delta' && KEY.includes(e.delta.text))
      expect(text).not.toContain(`"${e.delta.text}"`);
  expect(joined(1)).toBe('Nothing to see here.');
  expect(written.response.events.filter((e) => e.type === 'content_block_delta' && e.index === 1)).toHaveLength(7);
});
