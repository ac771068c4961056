import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from './helpers.ts';
import { runCli } from '../support/cli.ts';

const cli = (...args: string[]) => runCli(args);

describe('promptgate import (CLI)', () => {
  it.each([
    ['ragged-after-quoted-newline.csv', ':6:1: error: row has 4 fields'],
    ['duplicate-headers.csv', ":1:27: error: duplicate column 'ticket'"],
    ['empty.csv', ':1:1: error: the export is empty'],
    ['not-a-list.json', ':1:1: error: the JSON export is an object'],
    ['syntax-error.json', ':5:53: error: JSON syntax:'],
  ])('%s: exit 2, the message, no stack', async (name, message) => {
    const r = await cli('import', fixture(`bad/${name}`));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${fixture(`bad/${name}`)}${r.stderr.slice(fixture(`bad/${name}`).length)}`);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it('--model no table knows: exit 2 with the nearest ids, nothing printed; a --prices file admits it', async () => {
    const r = await cli('import', fixture('capitals.course.csv'), '--model', 'claude-haku-4-5');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --model: unknown model 'claude-haku-4-5' \(did you mean 'claude-haiku-4-5'\?\)/);
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'prices.json'),
      JSON.stringify({ models: { 'claude-haku-4-5': { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 } } }),
    );
    const admitted = await cli('import', fixture('capitals.course.csv'), '--model', 'claude-haku-4-5', '--prices', path.join(dir, 'prices.json'));
    expect(admitted.stderr).not.toContain('error');
    expect(admitted.stdout).toContain('\nmodel: claude-haku-4-5\n');
  });

  it('prints the suite on stdout and notes on stderr', async () => {
    const r = await cli('import', fixture('capitals.course.csv'), '--name', 'capitals');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(r.stdout).toContain('\nname: capitals\n');
    expect(r.stderr).toContain("capitals.course.csv:6:1: warning: case 'capital-of-peru': expectation '__expected1'");
    expect(r.stderr).toContain('promptgate import: CSV with __expected columns: 5 case(s)');
  });

  it('--out writes the file (and nothing on stdout), the same bytes on a re-import (--force), and validate accepts it', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'suites', 'triage.yaml');
    const args = ['import', fixture('support-triage.console.json'), '--prompt', fixture('support-triage.prompt.txt'), '--out', out];
    const first = await cli(...args);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    const before = await readFile(out, 'utf8');
    expect((await cli(...args, '--force')).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(before);
    // The template is one prompt file beside the suite, which every case reads, not a copy in each case.
    expect((await readdir(path.dirname(out))).sort()).toEqual(['triage.prompt.md', 'triage.yaml']);
    expect(await readFile(path.join(dir, 'suites', 'triage.prompt.md'), 'utf8')).toBe('<ticket>\n{{user_message}}\n</ticket>');
    const ids = before.match(/^ {2}- id: /gm)!.length;
    expect(ids).toBe(5);
    expect(before.match(/^ {4}prompt:\n {6}file: triage\.prompt\.md$/gm)).toHaveLength(ids);
    expect(before).not.toContain('{{user_message}}');
    const validated = await cli('validate', out);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
  });

  it('a bad --name is bad usage', async () => {
    const r = await cli('import', fixture('capitals.course.csv'), '--name', 'no spaces please');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --name 'no spaces please' is not a usable suite name: letters, digits, '.', '_' and '-', starting with a letter or digit\n");
  });
});
