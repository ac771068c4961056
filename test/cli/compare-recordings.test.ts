/** `compare --recordings BASE CURRENT`: bad input exits 2 with a clear line; paths without --recordings are refused. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

const compare = (cwd: string, ...args: string[]) => runCli(['compare', ...args], { cwd, env: { GIT_CEILING_DIRECTORIES: cwd.replace(/\/[^/]+$/, '') } });

/** `dir` made a git repository with everything in it committed on main; returns its git, to commit more. */
function committed(dir: string): (...args: string[]) => Buffer {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: dir,
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'one');
  return git;
}

/** A recording, as a file holds it, whose answer is `text`. */
function cassette(text: string): string {
  const message = {
    id: 'm',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  };
  return JSON.stringify(
    { promptgate_cassette: 1, key: 'k', call: 's/x', recorded_at: '2026-12-01T00:00:00.000Z', latency_ms: 1, request: {}, response: { message } },
    null,
    2,
  );
}

describe('compare --recordings', () => {
  it('exits 2 outside a git repository and on an unknown ref, and says which', async () => {
    const dir = await tempProject({ 'fixtures/a.json': '{}' });
    let r = await compare(dir, '--recordings', 'main', 'HEAD');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not in a git repository');
    expect(r.stderr).not.toMatch(/\n\s+at /);

    committed(dir);
    r = await compare(dir, '--recordings', 'main', 'no-such-branch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown git ref "no-such-branch"');

    // Nothing differs: said plainly, exit 0.
    r = await compare(dir, '--recordings', 'main', 'HEAD');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("promptgate compare: no recording's answer differs between main and HEAD\n");

    // A path that is nowhere is no "nothing differs".
    r = await compare(dir, '--recordings', 'main', 'HEAD', 'fixturez');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('compare --recordings: fixturez is neither in the working tree nor at main or HEAD');
  });

  it('says a recording that a commit broke cannot be read there, not that it was removed', async () => {
    const dir = await tempProject({ 'fixtures/s/a.json': cassette('hi') });
    const git = committed(dir);
    writeFileSync(path.join(dir, 'fixtures/s/a.json'), '{ "promptgate_cassette": 1, broken');
    git('commit', '-qam', 'two');
    const r = await compare(dir, '--recordings', 'main~1', 'main');
    expect(r.stdout).toContain('fixtures/s/a.json, which cannot be read at main: not valid JSON');
    expect(r.stdout).not.toContain('removed');
  });

  it('lists a removed recording and a new one alike (a case renamed), which git would read as one renamed file', async () => {
    const dir = await tempProject({ 'fixtures/s/three.json': cassette('the third answer') });
    const git = committed(dir);
    git('mv', 'fixtures/s/three.json', 'fixtures/s/four.json');
    writeFileSync(path.join(dir, 'fixtures/s/four.json'), cassette('the fourth answer'));
    git('commit', '-qam', 'rename three to four');
    const r = await compare(dir, '--recordings', 'main~1', 'main');
    expect(r.stdout).toMatch(/fixtures\/s\/four\.json[^\n]*new recording/);
    expect(r.stdout).toMatch(/fixtures\/s\/three\.json[^\n]*removed/);
  });

  it('refuses paths without --recordings (exit 2)', async () => {
    const dir = await tempProject({});
    const r = await compare(dir, 'a.json', 'b.json', 'fixtures');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('paths (fixtures) go with --recordings');
  });
});
