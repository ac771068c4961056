/**
 * What counts as a suite file, and what happens when a path named like one is not a file at all.
 * Named pipes, folders and links cannot live in git, so each test makes its own in a temp folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSuites } from '../../src/suite/load.ts';
import { MAX_SUITE_BYTES } from '../../src/read-text.ts';
import { runCli } from '../support/cli.ts';
import { problemsOf } from '../support/problems.ts';

const suite = (name: string) => `name: ${name}\nmodel: claude-haiku-4-5\ncases:\n  - id: a\n    prompt: hi\n`;

const made: string[] = [];
async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-files-'));
  made.push(dir);
  return dir;
}
// The size test writes 32 MB; pipes and links are better not left behind either.
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('paths named like suites that are not files', () => {
  it('a named pipe, a folder and a dangling link under suites/: one message each, and no hang', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, 'good.yaml'), suite('good'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    await mkdir(path.join(dir, 'folder.yaml'));
    await symlink('missing.yaml', path.join(dir, 'dangling.yaml'));
    // Through the CLI, as a user meets it: a pipe read with a plain open would never end (this test's timeout says so).
    const { code, stderr } = await runCli(['validate', dir]);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${dir}/dangling.yaml: error: cannot read: no such file (a link to a missing file?)`,
      `${dir}/folder.yaml: error: this is a directory, not a suite file`,
      `${dir}/pipe.yaml: error: this is a named pipe, not a suite file`,
    ]);
    expect(code).toBe(2);
  });

  it('a named pipe given by name is refused the same way, even with a writer holding it open', async () => {
    const dir = await folder();
    const pipe = path.join(dir, 'named.yaml');
    execFileSync('mkfifo', [pipe]);
    expect(await problemsOf([pipe])).toEqual([`${pipe}: error: this is a named pipe, not a suite file`]);
    // With a writer that never writes, a read would wait for data that never comes.
    const reader = await open(pipe, 'r+');
    try {
      expect(await problemsOf([pipe])).toEqual([`${pipe}: error: this is a named pipe, not a suite file`]);
    } finally {
      await reader.close();
    }
  });

  it(`a file over ${MAX_SUITE_BYTES / 1024 / 1024} MB is refused before it is read, and one at the limit is read`, async () => {
    const dir = await folder();
    const big = path.join(dir, 'big.yaml');
    const header = suite('big') + '# ';
    await writeFile(big, header + 'x'.repeat(MAX_SUITE_BYTES + 1 - header.length));
    expect(await problemsOf([big])).toEqual([`${big}: error: the file is 16.1 MB; a suite may be at most 16 MB (split it into several suites)`]);
    const limit = path.join(dir, 'limit.yaml');
    await writeFile(limit, header + 'x'.repeat(MAX_SUITE_BYTES - header.length));
    await expect(loadSuites([limit])).resolves.toHaveLength(1);
  }, 60_000);
});

describe('discovery', () => {
  it('a JSON Schema written as YAML beside the suites (*.schema.yaml, *.schema.yml) is not loaded as a suite', async () => {
    const dir = await folder();
    await writeFile(
      path.join(dir, 'orders.yaml'),
      suite('orders').replace('prompt: hi\n', 'prompt: hi\n    assert:\n      - json_schema: order.schema.yaml\n'),
    );
    const schema = '$schema: https://json-schema.org/draft/2020-12/schema\ntype: object\nrequired: [id]\n';
    await writeFile(path.join(dir, 'order.schema.yaml'), schema);
    await writeFile(path.join(dir, 'Person.Schema.YML'), schema);
    const suites = await loadSuites([dir]);
    expect(suites.map((s) => s.file)).toEqual([path.join(dir, 'orders.yaml')]);
  });

  it('a path that finds nothing does not hide the problems in the paths that found suites', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, 'broken.yaml'), suite('broken').replace('prompt', 'promt'));
    expect(await problemsOf(['no/such/dir', dir])).toEqual([
      `${dir}/broken.yaml:5:5: error: unknown key 'promt' in cases[0] (did you mean 'prompt'?)`,
      'no/such/dir: error: no such file or directory',
    ]);
  });

  it('two suites with one name clash even when one of them has other problems, pointed at the second name', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, 'a.yaml'), suite('triage'));
    await writeFile(path.join(dir, 'b.yaml'), suite('triage').replace('prompt', 'promt'));
    expect(await problemsOf([dir])).toEqual([
      `${dir}/b.yaml:1:7: error: suite name 'triage' is also used by ${dir}/a.yaml; names must be unique (they name the fixtures folder)`,
      `${dir}/b.yaml:5:5: error: unknown key 'promt' in cases[0] (did you mean 'prompt'?)`,
    ]);
  });
});
