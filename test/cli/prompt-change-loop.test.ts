/**
 * The prompt-change loop as the workflow plays it, with the simulator and a real local git repository:
 * recordings committed on main → a branch edits a prompt file → replay fails naming exactly the stale
 * cases (exit 3) → `run --record --changed` calls the API for exactly those and changes only recording
 * files → replay is green → the comment body shows the old and new answers of exactly those cases, and
 * `compare --recordings main HEAD` shows the same offline.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../live/project.ts';
import { runCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

const SUITE = `name: support
model: claude-haiku-4-5
max_tokens: 64
cases:
  - id: late
    prompt: { file: ../prompts/ask.md }
    assert:
      - contains: "order"
  - id: refund
    system: "You answer refunds."
    prompt: { file: ../prompts/ask.md }
    assert:
      - contains: "order"
  - id: hello
    prompt: "say hello"
    assert:
      - contains: "hello"
`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: cwd,
    },
  });
}

/** The fenced diff blocks of a markdown body, each with the bold title above it. */
function shownAnswers(markdown: string): string[] {
  return [...markdown.matchAll(/^\*\*(.+)\*\*$/gm)].map((m) => m[1]!);
}

describe('the prompt-change loop', () => {
  it('stale on the branch → record exactly the changed cases → green, and the comment shows their old and new answers', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/support.yaml': SUITE, 'prompts/ask.md': 'Where is my order 1234?\n', '.gitignore': 'out/\n' });
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    git(dir, 'init', '-q', '-b', 'main');
    expect((await runCli(['run', '--record'], { cwd: dir, env })).code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'suite and recordings');

    // A PR edits the prompt file two cases read.
    git(dir, 'checkout', '-qb', 'edit-prompt');
    await writeFile(path.join(dir, 'prompts/ask.md'), 'Where is my order 1234? It is late.\n');
    git(dir, 'commit', '-qam', 'edit the prompt');

    // Replay (the PR's replay job, no key): exit 3, naming exactly the stale cases.
    const offline = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' };
    const stale = await runCli(['run', '--results', 'out/stale.json'], { cwd: dir, env: offline });
    expect(stale.code).toBe(3);
    const staleResult = JSON.parse(await readFile(path.join(dir, 'out/stale.json'), 'utf8')) as { suites: { cases: { id: string; status: string }[] }[] };
    expect(staleResult.suites[0]!.cases.map((c) => [c.id, c.status])).toEqual([
      ['late', 'errored'],
      ['refund', 'errored'],
      ['hello', 'passed'],
    ]);
    expect(stale.stdout).toContain('late');
    expect(stale.stdout).toContain('refund');

    // The recording step: exactly the two changed cases are sent, and only recording files change.
    const served = sim.stats.served;
    const recorded = await runCli(['run', '--record', '--changed', '--max-cost', '0.05', '--markdown', 'out/comment.md'], { cwd: dir, env });
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
    expect(sim.stats.served - served).toBe(2);
    expect(recorded.stdout).toContain('promptgate: --changed: called the API for 2 cases (stale or missing recordings): support/late, support/refund\n');
    // What the recording step would commit: changed tracked files and new ones (results go to the ignored out/).
    const changedFiles = [...git(dir, 'diff', '--name-only').split('\n'), ...git(dir, 'ls-files', '--others', '--exclude-standard').split('\n')]
      .filter(Boolean)
      .sort();
    expect(changedFiles).toEqual(['fixtures/support/late.json', 'fixtures/support/refund.json']);
    git(dir, 'add', 'fixtures');
    git(dir, 'commit', '-qm', 'refresh recordings');
    expect(git(dir, 'diff', '--name-only', 'main...HEAD', '--', '.', ':!prompts').trim().split('\n')).toEqual([
      'fixtures/support/late.json',
      'fixtures/support/refund.json',
    ]);

    // Replay on the new head: green, nothing sent.
    const green = await runCli(['run'], { cwd: dir, env: offline });
    expect(green.code).toBe(0);

    // The comment body: old and new answers of exactly the re-recorded cases.
    const comment = await readFile(path.join(dir, 'out/comment.md'), 'utf8');
    expect(shownAnswers(comment)).toEqual(['support › late', 'support › refund']);
    expect(comment).toMatch(/^-.*Where is my order 1234\?$/m);
    expect(comment).toMatch(/^\+.*Where is my order 1234\? It is late\.$/m);
    expect(comment).toContain('- verdict: passed → passed');
    expect(comment).toMatch(/input tokens \d+ → \d+ \(\+\d+\)/);

    // Offline, from the two refs of the recordings: the same two answers.
    const compared = await runCli(['compare', '--recordings', 'main', 'HEAD', '--markdown', 'out/refs.md'], { cwd: dir });
    expect(compared.stderr).toBe('');
    expect(compared.code).toBe(0);
    const refs = await readFile(path.join(dir, 'out/refs.md'), 'utf8');
    expect(shownAnswers(refs)).toEqual(['support/late (fixtures/support/late.json)', 'support/refund (fixtures/support/refund.json)']);
    expect(refs).toMatch(/^\+.*It is late\.$/m);
  });
});
