/**
 * A cassette edited by hand is stale: its key must be the hash of the request stored beside it, so
 * neither an edited `request` under the old key nor an edited `key` over the old request replays.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claude } from '../../src/msw/index.ts';
import { totals } from '../../src/run-result.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';

const SUITE = `
name: greet
model: claude-haiku-4-5
max_tokens: 100
cases:
  - id: hello
    prompt: "Say hello"
    assert:
      - contains: "hello"
  - id: bye
    prompt: "Say bye"
    assert:
      - contains: "bye"
`;

let sim: Simulator;
let dir: string;
let cassette: string;
let recorded: string;

beforeAll(async () => {
  sim = await startSimulator({ responder: (r) => `You said: ${lastUserText(r).toLowerCase()}` });
  dir = await tempProject({ 'suites/greet.yaml': SUITE });
  expect(totals(await record(dir, sim.url))).toMatchObject({ passed: 2 });
  cassette = path.join(dir, 'fixtures/greet/hello.json');
  recorded = await readFile(cassette, 'utf8');
});
afterAll(() => sim.close());
beforeEach(() => writeFile(cassette, recorded));

/** Rewrites the cassette's JSON the way a person would, keeping the file's layout. */
async function editCassette(edit: (json: { key: string; request: { messages: { content: string }[] } }) => void): Promise<void> {
  const json = JSON.parse(recorded);
  edit(json);
  await writeFile(cassette, JSON.stringify(json, null, 2) + '\n');
}

async function helloError() {
  const result = await replay(dir);
  const hello = result.suites[0]!.cases.find((c) => c.id === 'hello')!;
  expect(result.suites[0]!.cases.find((c) => c.id === 'bye')!.status).toBe('passed');
  return hello.samples[0]!.error;
}

describe('a hand-edited cassette', () => {
  it('with its stored prompt edited is stale, and the diff names the field', async () => {
    await editCassette((c) => (c.request.messages[0]!.content = 'Say hello, edited'));
    const error = await helloError();
    expect(error).toMatchObject({ type: 'stale_recording', message: expect.stringMatching(/^stale recording for greet\/hello: /) });
    expect(error!.diff).toBe('~ messages[0].content: "Say hello, edited" → "Say hello"');
  });

  it('with its key edited is stale, and the diff says the key is not the stored request’s', async () => {
    let original = '';
    await editCassette((c) => {
      original = c.key;
      c.key = '0'.repeat(24);
    });
    const error = await helloError();
    expect(error).toMatchObject({ type: 'stale_recording' });
    expect(error!.diff).toBe(`~ key: "${'0'.repeat(24)}" is not the hash of the stored request (${original})`);
  });

  it('re-indented, or with its request keys reordered, still replays: only what is sent counts', async () => {
    const json = JSON.parse(recorded);
    json.request = Object.fromEntries(Object.entries(json.request).reverse());
    await writeFile(cassette, JSON.stringify(json));
    expect(totals(await replay(dir))).toMatchObject({ passed: 2, errored: 0 });
  });

  it('with its stored prompt edited answers nothing in the MSW kit either', async () => {
    await editCassette((c) => (c.request.messages[0]!.content = 'Say hello, edited'));
    const server = setupServer(claude.cassette(path.join(dir, 'fixtures/greet')));
    server.listen({ onUnhandledFrame: 'error' });
    try {
      const client = new Anthropic({ apiKey: 'test', maxRetries: 0 });
      const ask = (content: string) => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content }] });
      await expect(ask('Say hello')).rejects.toThrow(/no cassette of 2 was recorded for this request/);
      await expect(ask('Say bye')).resolves.toMatchObject({ content: [{ text: 'You said: say bye' }] });
    } finally {
      server.close();
    }
  });
});
