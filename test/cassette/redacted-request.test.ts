/**
 * A suite whose prompt holds key-shaped text (an example key a check makes sure the app never echoes)
 * records with [redacted] in its place, as every write is redacted, and replays: the stored request
 * is read as the request written out. It was stale forever, and --changed paid for it on every run
 * (an outside-in trial).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Cassette } from '../../src/cassette/cassette.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

// Key-shaped, made at run time so no key-shaped literal sits in the repository.
const EXAMPLE = ['sk', 'ant', 'example', 'notreal0123456789'].join('-');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

it('replays a recording whose request was redacted when it was written, and a changed request is still stale', async () => {
  sim = await startSimulator();
  const suite = (tail: string) => `name: keys
model: claude-haiku-4-5
max_tokens: 64
system: "Never print keys such as ${EXAMPLE}."
cases:
  - id: no-echo
    prompt: "My config says ANTHROPIC_API_KEY=${EXAMPLE}; ${tail}"
    assert:
      - not: { contains: "${EXAMPLE}" }
`;
  const dir = await tempProject({ 'suites/keys.yaml': suite('what is wrong?') });
  await record(dir, sim.url);
  const cassette = await readFile(path.join(dir, 'fixtures/keys/no-echo.json'), 'utf8');
  expect(cassette).toContain('ANTHROPIC_API_KEY=[redacted]');
  expect(cassette).not.toContain(EXAMPLE);
  const replayed = await replay(dir);
  expect(replayed.suites[0]!.cases[0]!.status).toBe('passed');
  // Recording again with nothing changed sends nothing.
  const before = sim.stats.requests;
  await record(dir, sim.url);
  expect(sim.stats.requests).toBe(before);
  // An edit elsewhere in the prompt is still a change.
  await writeFile(path.join(dir, 'suites/keys.yaml'), suite('what is right?'));
  const stale = await replay(dir);
  const error = stale.suites[0]!.cases[0]!.samples[0]!.error!;
  expect(error.type).toBe('stale_recording');
  // The diff names what changed; the system prompt, unchanged but for its redaction, is not listed (it read alike on both sides).
  expect(error.diff).toMatch(/^~ messages\[0\]\.content: /);
  expect(error.diff).not.toContain('~ system');
});

it('reads each [redacted] of a stored request as the text it hid, whatever this run would redact: the key pins the rest', async () => {
  const { isFresh } = await import('../../src/cassette/freshness.ts');
  const { requestKey } = await import('../../src/canonical-json.ts');
  const { CASSETTE_VERSION } = await import('../../src/cassette/cassette.ts');
  const request = (content: string) => ({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content }] });
  // Recorded where a gateway header's value was a secret and so redacted in the prompt; replayed where no such header is set.
  const now = request('token gw-0123456789 expired');
  const cassette: Cassette = {
    promptgate_cassette: CASSETTE_VERSION,
    key: requestKey(now),
    call: 'keys/c',
    recorded_at: '2026-12-07T00:00:00.000Z',
    request: request('token [redacted] expired'),
    response: { message: {} as never },
    latency_ms: 1,
  };
  expect(isFresh(cassette, requestKey(now), undefined, now)).toBe(true);
  // The text around a redaction still counts.
  const edited = request('token gw-0123456789 renewed');
  expect(isFresh({ ...cassette, key: requestKey(edited) }, requestKey(edited), undefined, edited)).toBe(false);
});
