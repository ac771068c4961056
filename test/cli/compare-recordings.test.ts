/** `compare --recordings BASE CURRENT`: bad input exits 2 with a clear line; paths without --recordings are refused. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

const compare = (cwd: string, ...args: string[]) => runCli(['compare', ...args], { cwd, env: { GIT_CEILING_DIRECTORIES: cwd.replace(/\/[^/]+$/, '') } });

describe('compare --recordings', () => {
  it('exits 2 outside a git repository and on an unknown ref, and says which', async () => {
    const dir = await tempProject({ 'fixtures/a.json': '{}' });
    let r = await compare(dir, '--recordings', 'main', 'HEAD');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not in a git repository');
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
          GIT_CONFIG_NOSYSTEM: '1',
          HOME: dir,
        },
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'one');
    r = await compare(dir, '--recordings', 'main', 'no-such-branch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown git ref "no-such-branch"');

    // Nothing differs: said plainly, exit 0.
    r = await compare(dir, '--recordings', 'main', 'HEAD');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("promptgate compare: no recording's answer differs between main and HEAD\n");
  });

  it('refuses paths without --recordings (exit 2)', async () => {
    const dir = await tempProject({});
    const r = await compare(dir, 'a.json', 'b.json', 'fixtures');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('paths (fixtures) go with --recordings');
  });
});
