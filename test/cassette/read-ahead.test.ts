/**
 * Replay's read-ahead (src/cassette/read-ahead.ts) is only an aid: it hands over the text of plain
 * files it could read, leaves everything else to the caller's own guarded read, never blocks on a
 * pipe, and stays a bounded number of files ahead of what was taken. A replay large enough to use it
 * answers and errs exactly as the reads it replaces.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadAhead } from '../../src/cassette/read-ahead.ts';
import { READ_AHEAD_FROM } from '../../src/transport/replay.ts';
import { replayProject } from '../../bench/project.ts';
import { runCli } from '../support/cli.ts';

const opened: ReadAhead[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
});

function readAhead(files: string[], maxBytes = 1 << 20): ReadAhead {
  const r = new ReadAhead(files, maxBytes);
  opened.push(r);
  return r;
}

/** What `take` gives once the worker has had time to get there (it never waits itself). */
async function taken(r: ReadAhead, file: string, withinMs = 5_000): Promise<string | undefined> {
  const until = Date.now() + withinMs;
  for (;;) {
    const text = r.take(file);
    if (text !== undefined || Date.now() > until) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ReadAhead', () => {
  it('hands over plain files and leaves a missing file, a folder, a pipe and one over the limit to the caller', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'read-ahead-'));
    const at = (name: string) => path.join(dir, name);
    writeFileSync(at('a.json'), '{"a":1}');
    mkdirSync(at('folder.json'));
    spawnSync('mkfifo', [at('pipe.json')]);
    writeFileSync(at('big.json'), 'x'.repeat(64));
    writeFileSync(at('z.json'), '{"z":"é"}');
    const files = ['a.json', 'missing.json', 'folder.json', 'pipe.json', 'big.json', 'z.json'].map(at);
    const r = readAhead(files, 32);
    // The last file arrives only if nothing before it blocked the worker (a pipe opened without O_NONBLOCK would).
    expect(await taken(r, at('z.json'))).toBe('{"z":"é"}');
    expect(r.take(at('a.json'))).toBe('{"a":1}');
    for (const name of ['missing.json', 'folder.json', 'pipe.json', 'big.json']) expect(r.take(at(name)), name).toBeUndefined();
    // Taken once: asked again, the caller reads it itself.
    expect(r.take(at('a.json'))).toBeUndefined();
  });

  it('reads no further ahead than a window past what was taken', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'read-ahead-'));
    const files = Array.from({ length: 300 }, (_, i) => path.join(dir, `c${i}.json`));
    for (const f of files) writeFileSync(f, JSON.stringify(path.basename(f)));
    const r = readAhead(files);
    expect(await taken(r, files[0]!)).toBe('"c0.json"');
    // Long enough for the worker to read all 300 if nothing held it back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.take(files[299]!)).toBeUndefined();
    for (const f of files.slice(1, 100)) expect(await taken(r, f)).toBe(JSON.stringify(path.basename(f)));
    expect(await taken(r, files[298]!)).toBe('"c298.json"');
  });
});

describe(`a replay of ${READ_AHEAD_FROM} cases or more`, () => {
  it('reads ahead, and answers and errs as the reads it replaces', async () => {
    const dir = await replayProject(READ_AHEAD_FROM + 20);
    const recording = (i: number) => path.join(dir, 'fixtures', 'bench', `case-${i}.json`);
    writeFileSync(recording(3), '{ not json');
    rmSync(recording(7));
    rmSync(recording(11));
    spawnSync('mkfifo', [recording(11)]);
    const r = await runCli(['run', 'bench.yaml', '--fixtures', 'fixtures', '--results', 'results.json'], { cwd: dir });
    // Errored, not failed: a case with no usable recording has no verdict.
    expect(r.code).toBe(3);
    const result = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as {
      suites: { cases: { id: string; status: string; samples: { error?: { type: string; message: string } }[] }[] }[];
    };
    const cases = result.suites[0]!.cases;
    const errorOf = (id: string) => cases.find((c) => c.id === id)!.samples[0]!.error;
    expect(cases.filter((c) => c.status === 'passed')).toHaveLength(READ_AHEAD_FROM + 17);
    expect(errorOf('case-3')).toMatchObject({ type: 'bad_recording', message: expect.stringContaining('not valid JSON') });
    expect(errorOf('case-7')).toMatchObject({ type: 'missing_recording' });
    expect(errorOf('case-11')).toMatchObject({ type: 'bad_recording', message: 'fixtures/bench/case-11.json: this is a named pipe, not a cassette' });
  });
});
