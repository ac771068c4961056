/**
 * An unreadable cassette (not JSON, another version, a bad shape) is an error in replay, naming the
 * file, and a missing cassette to `--record`, which writes it again and says it repaired it.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totals } from '../../src/run-result.ts';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import { KEY } from '../live/project.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const SUITE = `
name: greet
model: claude-haiku-4-5
max_tokens: 100
cases:
  - id: hello
    prompt: "Say hello"
    assert:
      - contains: "hello"
  - id: streamed
    stream: true
    prompt: "Say hello slowly"
    assert:
      - contains: "slowly"
  - id: sampled
    prompt: "Say hello twice"
    repeat: 2
    assert:
      - contains: "twice"
`;

/** What the reader refuses today; the reader's own tests pin each reason. */
const BROKEN: Record<string, string> = {
  'hello.json': '{"promptgate_cassette": 1,',
  'streamed.json': 'null',
  'sampled.r2.json': '{"promptgate_cassette": 2}',
};

let sim: Simulator;
beforeAll(async () => (sim = await startSimulator({ responder: (r) => `You said: ${lastUserText(r).toLowerCase()}` })));
afterAll(() => sim.close());

describe('an unreadable cassette', () => {
  it('errors its case in replay, naming the file; --record rewrites it and says "repaired"; then it replays', async () => {
    const dir = await tempProject({ 'suites/greet.yaml': SUITE });
    expect(totals(await record(dir, sim.url))).toMatchObject({ passed: 3 });
    for (const [name, text] of Object.entries(BROKEN)) await writeFile(path.join(dir, 'fixtures/greet', name), text);

    const broken = await replay(dir);
    const errors = broken.suites[0]!.cases.flatMap((c) => c.samples.flatMap((s) => (s.error ? [s.error] : [])));
    expect(errors.map((e) => [e.type, e.message.split(': ')[0]])).toEqual(
      ['hello.json', 'streamed.json', 'sampled.r2.json'].map((name) => ['bad_recording', path.join(dir, 'fixtures/greet', name)]),
    );
    expect(errors[0]!.message).toMatch(/: not valid JSON \(/);

    const before = sim.stats.requests;
    const out = await runCli(['run', '--record'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n').filter(Boolean).sort()).toEqual([
      expect.stringMatching(/^promptgate: repaired fixtures\/greet\/hello\.json \(not valid JSON \(.+\)\): recorded it again$/),
      'promptgate: repaired fixtures/greet/sampled.r2.json (not a promptgate cassette (version 1)): recorded it again',
      'promptgate: repaired fixtures/greet/streamed.json (not a promptgate cassette (version 1)): recorded it again',
    ]);
    // Only the three broken cassettes were recorded again; the fresh one was kept.
    expect(sim.stats.requests).toBe(before + 3);
    expect(totals(await replay(dir))).toMatchObject({ passed: 3, errored: 0 });
  });

  it('that the system will not read (a folder in its place) stays an error in record mode, and is left alone', async () => {
    const dir = await tempProject({ 'suites/greet.yaml': SUITE });
    const folder = path.join(dir, 'fixtures/greet/hello.json');
    await mkdir(folder, { recursive: true });
    const repaired: string[] = [];
    const live = new LiveTransport({ apiKey: KEY, baseURL: sim.url });
    const transport = new RecordTransport(new ReplayTransport(path.join(dir, 'fixtures')), live, 'new', { onRepaired: (file) => repaired.push(file) });
    const result = await runSuites(await loadSuites([path.join(dir, 'suites')]), { transport, concurrency: 2, toolVersion: 'test' });
    const hello = result.suites[0]!.cases.find((c) => c.id === 'hello')!;
    expect(hello.samples[0]!.error).toMatchObject({ type: 'bad_recording', message: `${folder}: this is a directory, not a cassette` });
    expect(totals(result)).toMatchObject({ passed: 2, errored: 1 });
    expect(repaired).toEqual([]);
    expect((await stat(folder)).isDirectory()).toBe(true);
  });
});
