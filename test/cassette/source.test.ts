/** A cassette says when a simulator, not the API, answered it, and replay passes that on with the answer. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import type { CallResponse, Transport } from '../../src/transport/types.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SUITE = 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\ncases:\n  - id: a\n    prompt: hi\n';

async function recordWith(dir: string, options: { source?: 'simulator' }) {
  const suites = await loadSuites([path.join(dir, 'suites')]);
  const live = new LiveTransport({ apiKey: 'sk-ant-test-key', baseURL: sim!.url });
  const transport = new RecordTransport(new ReplayTransport(path.join(dir, 'fixtures')), live, 'all', options);
  await runSuites(suites, { transport, concurrency: 1, toolVersion: 'test' });
  return JSON.parse(await readFile(path.join(dir, 'fixtures/s/a.json'), 'utf8')) as Record<string, unknown>;
}

/** The responses a replay run got, seen from a transport wrapped around replay. */
async function replayed(dir: string): Promise<CallResponse[]> {
  const seen: CallResponse[] = [];
  const replay = new ReplayTransport(path.join(dir, 'fixtures'));
  const watching: Transport = { mode: 'replay', send: async (call, signal) => (seen.push(await replay.send(call, signal)), seen.at(-1)!) };
  await runSuites(await loadSuites([path.join(dir, 'suites')]), { transport: watching, concurrency: 1, toolVersion: 'test' });
  return seen;
}

describe('a recording made by a simulator', () => {
  it('says "source": "simulator" among the header fields, and replay hands it on with the answer', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const cassette = await recordWith(dir, { source: 'simulator' });
    expect(Object.keys(cassette).slice(0, 5)).toEqual(['promptgate_cassette', 'key', 'call', 'recorded_at', 'source']);
    expect(cassette.source).toBe('simulator');
    expect((await replayed(dir)).map((r) => r.source)).toEqual(['simulator']);
  });

  it('a recording of the API has no source field, and its replay none either', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    expect(await recordWith(dir, {})).not.toHaveProperty('source');
    expect((await replayed(dir)).map((r) => r.source)).toEqual([undefined]);
    expect(await readdir(path.join(dir, 'fixtures/s'))).toEqual(['a.json']);
  });
});
