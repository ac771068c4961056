/**
 * The API version a case sends is the header on the wire (live, record, batch), is written into its
 * cassette, and a change of it makes that recording stale; a cassette from before the field replays.
 * Driven through the real SDK against the loopback simulator, which counts requests by header.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { batchTransport, runBatchMode } from '../batch/batch-project.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const PINNED = 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\napi_version: "2023-06-01"\ntemperature: 0\ncases:\n  - id: a\n    prompt: hi\n';
const PLAIN = 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\ncases:\n  - id: a\n    prompt: hi\n';
const cassette = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'fixtures/s/a.json'), 'utf8')) as Record<string, unknown>;

describe('the anthropic-version header', () => {
  it('a pin is the header record sends, and the version is written into the cassette', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': PINNED });
    const result = await record(dir, sim.url);
    expect(result.suites[0]!.cases[0]!.status).toBe('passed');
    expect(sim.stats.byApiVersion).toEqual({ '2023-06-01': 1 });
    expect((await cassette(dir)).api_version).toBe('2023-06-01');
  });

  it("unpinned, the header is the installed SDK's version; --api-version (the load and run option) overrides a pin", async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': PLAIN, 'pinned/s.yaml': PLAIN.replace('cases:', 'api_version: "2023-06-01"\ncases:') });
    await record(dir, sim.url);
    expect(sim.stats.byApiVersion).toEqual({ '2026-10-21': 1 });
    const suites = await loadSuites([path.join(dir, 'pinned')], { apiVersion: '2026-10-21' });
    expect(suites[0]!.cases[0]!.apiVersion).toBe('2026-10-21');
  });

  it('a batch is created under the version of its calls; calls pinned to two versions make two batches', async () => {
    sim = await startSimulator();
    const dir = await tempProject({
      'suites/old.yaml': PINNED.replace('name: s', 'name: old'),
      'suites/new.yaml': PLAIN.replace('name: s', 'name: new'),
    });
    const result = await runBatchMode(dir, batchTransport(sim));
    expect(result.suites.flatMap((s) => s.cases.map((c) => c.status))).toEqual(['passed', 'passed']);
    expect(sim.stats.batchesCreated).toBe(2);
    const creates = sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches').length;
    expect(creates).toBe(2);
    expect(sim.stats.byApiVersion['2023-06-01']).toBe(1);
  });
});

describe('a recording and the version', () => {
  it('is stale under a pin other than the version it was recorded under, and the diff says only that', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': PLAIN });
    await record(dir, sim.url);
    expect((await replay(dir)).suites[0]!.cases[0]!.status).toBe('passed');
    await writeFile(path.join(dir, 'suites/s.yaml'), PLAIN.replace('cases:', 'api_version: "2023-06-01"\ncases:'));
    const sample = (await replay(dir)).suites[0]!.cases[0]!.samples[0]!;
    expect(sample.error).toMatchObject({ type: 'stale_recording', diff: '~ anthropic-version: 2026-10-21 → 2023-06-01' });
    // The pin is the version to record under: the command says it, as --api-version (the same value).
    expect(sample.error!.hint).toMatch(/--record --filter a --api-version 2023-06-01 --fixtures \S+$/);
  });

  it('unpinned, a recording replays whichever version the SDK sends (an SDK upgrade does not make every recording stale)', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': PLAIN });
    await record(dir, sim.url);
    // As if recorded by an app on SDK 0.x, which sends 2023-06-01.
    await writeFile(path.join(dir, 'fixtures/s/a.json'), JSON.stringify({ ...(await cassette(dir)), api_version: '2023-06-01' }));
    expect((await replay(dir)).suites[0]!.cases[0]!.status).toBe('passed');
  });

  it('a cassette without the field (recorded before promptgate wrote it) keeps replaying', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/s.yaml': PLAIN });
    await record(dir, sim.url);
    const { api_version, ...old } = await cassette(dir);
    expect(api_version).toBe('2026-10-21');
    await writeFile(path.join(dir, 'fixtures/s/a.json'), JSON.stringify(old));
    const suites = await loadSuites([path.join(dir, 'suites')], { apiVersion: '2023-06-01' });
    const result = await runSuites(suites, {
      transport: new ReplayTransport(path.join(dir, 'fixtures')),
      concurrency: 1,
      toolVersion: 'test',
      apiVersion: '2023-06-01',
    });
    expect(result.suites[0]!.cases[0]!.status).toBe('passed');
  });
});
