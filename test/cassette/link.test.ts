/**
 * A link committed under fixtures/ does not make recording write where it points: the record job
 * runs a PR's fixtures/ with write access to the checkout, so a link to a file outside (or to one not
 * there yet) is replaced by the recording, and the file it named is left as it was (or not created).
 * Reports keep writing through a link (atomic.ts), which a user sets up on purpose.
 */
import { lstat, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CASSETTE_VERSION, readCassette, writeCassette, type Cassette } from '../../src/cassette/cassette.ts';
import { writeFileAtomic } from '../../src/fs/atomic.ts';
import { benchMessage } from '../../bench/project.ts';

const cassette: Cassette = {
  promptgate_cassette: CASSETTE_VERSION,
  key: 'k',
  call: 's/c',
  recorded_at: '2026-12-07T00:00:00.000Z',
  request: { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
  response: { message: benchMessage('msg_1', 'hello') },
  latency_ms: 1,
};

it.each([
  ['an existing file outside', true],
  ['a file not there yet', false],
])('a recording whose path is a link to %s replaces the link and leaves its target alone', async (_, exists) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-link-'));
  const victim = path.join(dir, 'outside.txt');
  if (exists) await writeFile(victim, 'keep me\n');
  await mkdir(path.join(dir, 'fixtures/s'), { recursive: true });
  const file = path.join(dir, 'fixtures/s/c.json');
  await symlink(victim, file);
  await writeCassette(file, cassette);
  expect((await lstat(file)).isFile()).toBe(true);
  expect((await readCassette(file))?.call).toBe('s/c');
  if (exists) expect(await readFile(victim, 'utf8')).toBe('keep me\n');
  else await expect(lstat(victim)).rejects.toThrow(/ENOENT/);
});

it('a report written to a link still writes through it, as before', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-link-'));
  await writeFile(path.join(dir, 'real.xml'), 'old');
  await symlink(path.join(dir, 'real.xml'), path.join(dir, 'junit.xml'));
  await writeFileAtomic(path.join(dir, 'junit.xml'), 'new');
  expect(await readFile(path.join(dir, 'real.xml'), 'utf8')).toBe('new');
  expect((await lstat(path.join(dir, 'junit.xml'))).isSymbolicLink()).toBe(true);
});

it('a folder under fixtures/ that is a link out of it is refused before anything is sent, and writes nothing there', async () => {
  const { startSimulator } = await import('../support/sim/index.ts');
  const { tempProject, record } = await import('../support/project.ts');
  const sim = await startSimulator();
  try {
    // A case named package, and the suite's folder of recordings a link to the project itself.
    const dir = await tempProject({
      'package.json': '{"name":"app"}\n',
      'suites/evil.yaml': 'name: evil\nmodel: claude-haiku-4-5\nmax_tokens: 16\ncases:\n  - id: package\n    prompt: hi\n',
    });
    await mkdir(path.join(dir, 'fixtures'));
    await symlink('..', path.join(dir, 'fixtures/evil'));
    const result = await record(dir, sim.url, 'all');
    const sample = result.suites[0]!.cases[0]!.samples[0]!;
    expect(sample.error).toMatchObject({ type: 'bad_recording', notSent: true });
    expect(sample.error!.message).toMatch(
      /fixtures\/evil\/package\.json: its folder is a link that leads out of .*fixtures \(to .*\); a recording is written only under it/,
    );
    expect(sim.stats.requests).toBe(0);
    expect(await readFile(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"app"}\n');
  } finally {
    await sim.close();
  }
});
