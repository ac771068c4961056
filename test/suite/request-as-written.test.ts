/**
 * The request sent is the request written: what reaches the API (the simulator's log) and what the
 * cassette keeps equal, field by field, what the suite wrote, a 1-hour `cache_control` included.
 * Where automatic prefix caching adds a mark of its own, that mark is the only difference, and the
 * results say so.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

// Long enough (~4,150 tokens) that automatic prefix caching would mark it on Haiku 4.5, whose minimum cacheable prefix is 4,096.
const LONG = 'Answer in one word. '.repeat(830).trim();

const WRITTEN_SUITE = `name: s
model: claude-haiku-4-5
max_tokens: 64
stop_sequences: ["</a>"]
system:
  - { type: text, text: "You are terse." }
  - { type: text, text: "${LONG}", cache_control: { type: ephemeral, ttl: 1h } }
tools:
  - name: lookup
    description: Look a word up.
    input_schema: { type: object, properties: { word: { type: string } } }
params:
  metadata: { user_id: ci }
cases:
  - id: one
    prompt: "Say hi"
`;

/** The request as the suite above writes it. */
const WRITTEN = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  stop_sequences: ['</a>'],
  system: [
    { type: 'text', text: 'You are terse.' },
    { type: 'text', text: LONG, cache_control: { type: 'ephemeral', ttl: '1h' } },
  ],
  tools: [{ name: 'lookup', description: 'Look a word up.', input_schema: { type: 'object', properties: { word: { type: 'string' } } } }],
  metadata: { user_id: 'ci' },
  messages: [{ role: 'user', content: 'Say hi' }],
};

function expectFieldByField(sent: Record<string, unknown>, written: Record<string, unknown>): void {
  expect(Object.keys(sent).sort()).toEqual(Object.keys(written).sort());
  for (const key of Object.keys(written)) expect({ [key]: sent[key] }).toEqual({ [key]: written[key] });
}

async function recordOne(suite: string) {
  sim = await startSimulator();
  const dir = await tempProject({ 'suites/s.yaml': suite });
  const result = await record(dir, sim.url);
  const cassette = JSON.parse(await readFile(path.join(dir, 'fixtures/s/one.json'), 'utf8')) as { request: Record<string, unknown> };
  const received = sim.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body as Record<string, unknown>);
  expect(received).toHaveLength(1);
  return { result, cassette: cassette.request, received: received[0]! };
}

describe('the request sent is the request written', () => {
  it('a suite that writes its own cache_control (1 hour, on its last system block) is sent and recorded as written', async () => {
    const { result, cassette, received } = await recordOne(WRITTEN_SUITE);
    expectFieldByField(received, WRITTEN);
    expectFieldByField(cassette, WRITTEN);
    expect(result.suites[0]!.cases[0]).not.toHaveProperty('cacheControlAdded');
  });

  it('where automatic caching adds a mark, it is the one difference, and the results say where', async () => {
    const suite = WRITTEN_SUITE.replace(', cache_control: { type: ephemeral, ttl: 1h }', '');
    const { result, cassette, received } = await recordOne(suite);
    const written = { ...WRITTEN, system: [WRITTEN.system[0], { type: 'text', text: LONG }] };
    const added = { ...written, system: [written.system[0], { type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }] };
    expectFieldByField(received, added);
    expectFieldByField(cassette, added);
    expect(result.suites[0]!.cases[0]!.cacheControlAdded).toBe('system');
  });
});
