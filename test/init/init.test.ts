import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffold } from '../../src/init/scaffold.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { runCli, type CliOutput } from '../support/cli.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const RECORDINGS = ['billing-double-charge', 'login-loop', 'out-of-scope'].map((id) => `fixtures/example/${id}.json`);
const FILES = ['suites/example.yaml', 'fixtures/README.md', ...RECORDINGS, '.github/workflows/prompt-regression.yml'];
/** Its output, once it exited 0. */
async function succeeds(run: Promise<CliOutput>): Promise<CliOutput> {
  const out = await run;
  expect(out.code, out.stderr).toBe(0);
  return out;
}
const tempRepo = () => mkdtemp(path.join(os.tmpdir(), 'promptgate-init-'));

describe('promptgate init', () => {
  it('creates a valid example suite with the schema line, a fixtures folder and the workflow', async () => {
    const repo = await tempRepo();
    expect(await scaffold(repo)).toEqual({ created: FILES, overwritten: [], skipped: [] });
    const example = await readFile(path.join(repo, 'suites/example.yaml'), 'utf8');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/promptgate/schema/suite.schema.json');
    const [suite] = await loadSuites([path.join(repo, 'suites')]);
    expect(suite!.name).toBe('example');
    expect(suite!.cases.map((c) => c.id)).toEqual(['billing-double-charge', 'login-loop', 'out-of-scope']);
    expect(await readFile(path.join(repo, 'fixtures/README.md'), 'utf8')).toContain('--record');
  });

  it('the workflow it writes is the project example workflow, byte for byte', async () => {
    const repo = await tempRepo();
    await scaffold(repo);
    expect(await readFile(path.join(repo, '.github/workflows/prompt-regression.yml'), 'utf8')).toBe(
      await readFile(path.join(ROOT, '.github/workflows/prompt-regression.yml'), 'utf8'),
    );
  });

  it('never overwrites a file that exists, unless forced', async () => {
    const repo = await tempRepo();
    await mkdir(path.join(repo, 'suites'), { recursive: true });
    await writeFile(path.join(repo, 'suites/example.yaml'), 'mine\n');
    expect(await scaffold(repo)).toEqual({ created: FILES.slice(1), overwritten: [], skipped: ['suites/example.yaml'] });
    expect(await readFile(path.join(repo, 'suites/example.yaml'), 'utf8')).toBe('mine\n');
    expect(await scaffold(repo)).toEqual({ created: [], overwritten: [], skipped: FILES });

    expect(await scaffold(repo, true)).toEqual({ created: [], overwritten: FILES, skipped: [] });
    expect(await readFile(path.join(repo, 'suites/example.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('the CLI prints what it created and what it skipped', async () => {
    const repo = await tempRepo();
    const run = (...args: string[]) => succeeds(runCli(['init', ...args], { cwd: repo }));
    const first = await run();
    expect(first.stdout).toContain('created      suites/example.yaml\n');
    expect(first.stdout).toContain('created      .github/workflows/prompt-regression.yml\n');
    // The workflow runs live on main: the secret it needs, or the switch that turns that off, is said now.
    expect(first.stdout).toContain('need the repository secret ANTHROPIC_API_KEY (docs/ci.md); set the variable PROMPTGATE_LIVE=0 to run none.\n');
    const second = await run();
    expect(second.stdout).toBe(FILES.map((f) => `skipped      ${f} (exists; --force overwrites it)\n`).join(''));
    const forced = await run('--force');
    expect(forced.stdout.startsWith(FILES.map((f) => `overwrote    ${f}\n`).join('') + '\nNext:')).toBe(true);
  });

  it('the first run after init is green offline, with no key: the example ships with its recordings', async () => {
    const repo = await tempRepo();
    const cli = (...args: string[]) => succeeds(runCli(args, { cwd: repo }));
    await cli('init');
    const { stdout } = await cli('run');
    expect(stdout).toMatch(/^3 passed, 0 failed, 0 errored, 0 skipped \(3 cases, replay\)/m);
  });
});

describe('promptgate init in a package of a monorepo', () => {
  it("writes the workflow at the repository's root, where GitHub reads it, running in the package's folder", async () => {
    const repo = await tempRepo();
    await mkdir(path.join(repo, '.git'));
    await writeFile(path.join(repo, 'package.json'), '{"private":true,"workspaces":["packages/*"]}\n');
    const app = path.join(repo, 'packages', "bob's app$'");
    await mkdir(app, { recursive: true });
    const out = await succeeds(runCli(['init'], { cwd: app }));
    expect(out.stdout).toContain('created      ../../.github/workflows/prompt-regression.yml\n');
    expect(out.stdout).toContain(
      "and commit suites/, fixtures/ and ../../.github/workflows/prompt-regression.yml, at the repository's root, where GitHub reads it, and runs in this folder;",
    );
    const written = await readFile(path.join(repo, '.github/workflows/prompt-regression.yml'), 'utf8');
    const example = await readFile(path.join(ROOT, '.github/workflows/prompt-regression.yml'), 'utf8');
    // The one line that differs: the project's folder when no variable or input names one (a quote doubled, as YAML's expressions want).
    expect(written).toBe(
      example.replace("vars.PROMPTGATE_WORKING_DIRECTORY || '.' }}", () => "vars.PROMPTGATE_WORKING_DIRECTORY || 'packages/bob''s app$''' }}"),
    );
    expect(written).not.toBe(example);
    await expect(readFile(path.join(app, '.github/workflows/prompt-regression.yml'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(path.join(app, 'suites/example.yaml'), 'utf8')).toContain('name: example');
    // A second package: the workflow is there already, and runs in the first; nothing says it runs here.
    const other = path.join(repo, 'packages/other');
    await mkdir(other, { recursive: true });
    const second = await succeeds(runCli(['init'], { cwd: other }));
    expect(second.stdout).toContain('skipped      ../../.github/workflows/prompt-regression.yml');
    expect(second.stdout).not.toContain('runs in this folder');
  });

  it('leaves the workflow in the folder when the repository above it is no project (a home folder kept in git)', async () => {
    const home = await tempRepo();
    await mkdir(path.join(home, '.git'));
    const project = path.join(home, 'work/app');
    await mkdir(project, { recursive: true });
    await succeeds(runCli(['init'], { cwd: project }));
    await expect(readFile(path.join(project, '.github/workflows/prompt-regression.yml'), 'utf8')).resolves.toContain('name: Prompt regression');
    await expect(readFile(path.join(home, '.github/workflows/prompt-regression.yml'))).rejects.toThrow(/ENOENT/);
  });
});
