/**
 * What a write does to what is already at the path, as other CLIs do: a symlink is written through
 * (the link kept, its target replaced atomically), a device or a named pipe is written to directly
 * (never replaced by a plain file), a directory or a socket is refused with one clear reason, and a
 * regular file is replaced atomically. `import --out` refuses an existing file without --force.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../reporters/index.ts';
import { writeFileAtomic } from '../../src/fs/atomic.ts';
import { CLI } from '../support/cli.ts';
import { fullRun as makeResult } from '../results/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pg-write-targets-'));
const at = (name: string) => path.join(dir, name);
/**
 * A private null device (the same device, 1:3) in this test's folder: a write that wrongly replaced
 * it must never reach the machine's /dev/null. Making one needs root (as .ci/run has); without it the
 * device cases skip rather than write to /dev.
 */
const privateNull = spawnSync('mknod', [at('null'), 'c', '1', '3']).status === 0;
const devNull = at('null');
const servers: { close(): void }[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('writeFileAtomic, by what is at the path', () => {
  it('nothing: a new file', async () => {
    await writeFileAtomic(at('new/report.xml'), 'new\n');
    expect(readFileSync(at('new/report.xml'), 'utf8')).toBe('new\n');
  });

  it('an existing file: replaced whole, no temp file left', async () => {
    writeFileSync(at('old.xml'), 'old content that is longer\n');
    await writeFileAtomic(at('old.xml'), 'new\n');
    expect(readFileSync(at('old.xml'), 'utf8')).toBe('new\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a symlink to a file: the link is kept, its target gets the content', async () => {
    mkdirSync(at('real'));
    writeFileSync(at('real/target.xml'), 'old\n');
    symlinkSync('real/target.xml', at('link.xml'));
    await writeFileAtomic(at('link.xml'), 'through the link\n');
    expect(lstatSync(at('link.xml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(at('link.xml'))).toBe('real/target.xml');
    expect(readFileSync(at('real/target.xml'), 'utf8')).toBe('through the link\n');
  });

  it('a dangling symlink: the file it names is created, the link kept', async () => {
    mkdirSync(at('later'));
    symlinkSync('later/made.xml', at('dangling.xml'));
    await writeFileAtomic(at('dangling.xml'), 'made\n');
    expect(lstatSync(at('dangling.xml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(at('later/made.xml'), 'utf8')).toBe('made\n');
  });

  it.skipIf(!privateNull)('a null device, and a link to it: written to, still the device', async () => {
    symlinkSync(devNull, at('null-link'));
    await writeFileAtomic(devNull, 'gone\n');
    await writeFileAtomic(at('null-link'), 'gone\n');
    expect(statSync(devNull).isCharacterDevice()).toBe(true);
    expect(lstatSync(at('null-link')).isSymbolicLink()).toBe(true);
  });

  it('a named pipe with a reader: the reader gets the content, the pipe stays a pipe', async () => {
    const fifo = at('pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => (got += d.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    // cat opens the pipe when it starts; until then the pipe has no reader and is refused.
    for (let tries = 0; ; tries++) {
      try {
        await writeFileAtomic(fifo, 'x'.repeat(200_000));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENXIO' || tries > 200) throw e;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    await closed;
    expect(got).toBe('x'.repeat(200_000));
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('a named pipe with no reader: refused at once (ENXIO), not waited on', async () => {
    const fifo = at('lonely-pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(writeFileAtomic(fifo, 'x')).rejects.toMatchObject({ code: 'ENXIO' });
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('a directory, a socket: refused, left as they are', async () => {
    mkdirSync(at('a-dir'));
    await expect(writeFileAtomic(at('a-dir'), 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(statSync(at('a-dir')).isDirectory()).toBe(true);
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(at('sock'), resolve));
    await expect(writeFileAtomic(at('sock'), 'x')).rejects.toMatchObject({ code: 'ENOTFILE', what: 'a socket' });
    expect(statSync(at('sock')).isSocket()).toBe(true);
  });
});

describe('reports', () => {
  it.skipIf(!privateNull)('to a null device and through a link: written, nothing lost, a passing run keeps its 0', async () => {
    symlinkSync('real/junit.xml', at('junit-link.xml'));
    let lost: unknown[] = [];
    const written = await writeReports(makeResult(), { junit: at('junit-link.xml'), results: devNull }, (l) => (lost = l));
    expect(lost).toEqual([]);
    expect(written).toEqual([devNull, at('junit-link.xml')]);
    expect(readFileSync(at('real/junit.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(statSync(devNull).isCharacterDevice()).toBe(true);
  });

  it('to a socket: one line saying what is there', async () => {
    let lost: { reason: string }[] = [];
    await writeReports(makeResult(), { junit: at('sock') }, (l) => (lost = l));
    expect(lost.map((l) => l.reason)).toEqual(['it is a socket, not a file']);
  });

  it.skipIf(!privateNull)('--junit <a null device> on a passing run: exit 0 (the CLI)', () => {
    // Through `| cat`: a real pipe, as in a shell (Node gives a child a socket, which no path opens).
    const out = spawnSync('sh', ['-c', `"$0" "$1" report "$2" --junit "$3" --results /dev/stdout | cat`, process.execPath, CLI, saved(), devNull], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(out.stderr).toBe(`wrote /dev/stdout\nwrote ${devNull}\n`);
    expect(JSON.parse(out.stdout)).toMatchObject({ tool: { name: 'promptgate' } });
    expect(out.status).toBe(0);
    expect(statSync(devNull).isCharacterDevice()).toBe(true);
  });
});

function saved(): string {
  const file = at('saved.json');
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(makeResult()));
  return file;
}

describe('import --out', () => {
  const exportFile = () => {
    const file = at('export.csv');
    writeFileSync(file, 'question,__expected\nWhat is 2+2?,contains:4\n');
    return file;
  };
  const importTo = (out: string, ...flags: string[]) =>
    spawnSync(process.execPath, [CLI, 'import', exportFile(), '--out', out, ...flags], { encoding: 'utf8', cwd: dir });

  it('refuses to overwrite an existing file without --force, and leaves it as it was', () => {
    writeFileSync(at('mine.yaml'), 'my edits\n');
    const out = importTo(at('mine.yaml'));
    expect(out.stderr).toBe(`${at('mine.yaml')}: error: already exists; pass --force to overwrite it\n`);
    expect(out.status).toBe(2);
    expect(readFileSync(at('mine.yaml'), 'utf8')).toBe('my edits\n');
  });

  it('overwrites it with --force', () => {
    const out = importTo(at('mine.yaml'), '--force');
    expect(out.status).toBe(0);
    expect(readFileSync(at('mine.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('writes a new file without --force', () => {
    const out = importTo(at('fresh.yaml'));
    expect(out.status).toBe(0);
    expect(existsSync(at('fresh.yaml'))).toBe(true);
  });
});
