/**
 * The prompt-change loop in prompt-regression.yml, checked where it can be without GitHub: the
 * record job's guards and permissions read from the YAML, and the workflow's own scripts (the stale
 * count that gates live and record, the lockfile detection) run for real on a project made by
 * `promptgate init` in a subfolder, replayed by the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/cli.ts';
import { runGithubScript } from './github-script.ts';

const root = path.resolve(import.meta.dirname, '../..');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  defaults?: { run?: { 'working-directory'?: string } };
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { workflow_dispatch: { inputs: Record<string, { default?: unknown; options?: string[] }> } };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const wf = parse(readFileSync(path.join(root, '.github/workflows/prompt-regression.yml'), 'utf8')) as Workflow;
const { replay, live, record } = wf.jobs as Record<string, Job>;
const squash = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ');
const step = (job: Job, pred: (s: Step) => boolean) => {
  const found = job.steps.find(pred);
  if (!found) throw new Error('step not found');
  return found;
};
const STALE_ONLY = "(needs.replay.result == 'success' || (needs.replay.result == 'failure' && needs.replay.outputs.broken == '0'))";

describe('the record job', () => {
  it("shows the run's old → new answers in the PR's one promptgate comment, as a section it replaces on the next recording", () => {
    expect(step(record!, (s) => s.name === 'Record').run).toContain('--markdown reports/summary.md');
    const show = step(record!, (s) => s.name === 'Show the new answers on the PR');
    expect(show.uses).toMatch(/^actions\/github-script@/);
    const script = String(show.with?.script);
    expect(script).toContain("'reports/summary.md'");
    expect(script).toContain("'<!-- promptgate-compare -->'");
    expect(script).toContain('updateComment');
    expect(squash(show.if)).toContain("github.event_name == 'pull_request'");
  });

  it('cuts its section to fit a PR comment, at a line, closing a code fence the cut left open; and the comparison beside it', async () => {
    const script = String(step(record!, (s) => s.name === 'Show the new answers on the PR').with?.script);
    const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-record-comment-'));
    mkdirSync(path.join(dir, 'reports'));
    // 25 answers of 80 lines each, every one in a fence: ~100,000 characters.
    const answer = (i: number) => [
      '',
      `**case-${i}**`,
      '',
      '````diff',
      ...Array.from({ length: 80 }, (_, l) => `+ line ${l} of the new answer to case ${i}`),
      '````',
    ];
    writeFileSync(
      path.join(dir, 'reports/summary.md'),
      ['## promptgate', '### Answers changed', ...Array.from({ length: 25 }, (_, i) => answer(i)).flat()].join('\n'),
    );
    const [created] = await runGithubScript(script, dir);
    const body = created!.body;
    expect(body.length).toBeLessThanOrEqual(30000 + 200);
    expect(body).toContain("…cut to fit a PR comment: the whole summary is in the record job's summary.");
    // Every fence opened is closed, so the note after them is not shown as code.
    expect(body.match(/^````/gm)!.length % 2).toBe(0);
    expect(body.trimEnd().endsWith('<!-- /promptgate-recorded -->')).toBe(true);

    // A comment the compare job already filled to its limit: the comparison gives way, the section fits beside it.
    try {
      const [updated] = await runGithubScript(script, dir, [`<!-- promptgate-compare -->\n${'| row | a | b |\n'.repeat(4300)}`]);
      expect(updated!.op).toBe('update');
      expect(updated!.body.length).toBeLessThanOrEqual(65536);
      expect(updated!.body).toContain("…cut to fit a PR comment: the whole comparison is in the compare job's summary.");
      expect(updated!.body.trimEnd().endsWith('<!-- /promptgate-recorded -->')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const gate = squash(record!.if);

  it('runs when a maintainer adds the record-prompts label to a same-repository PR, or on a manual "record" run off the default branch', () => {
    expect(gate).toContain("github.event.action == 'labeled' && github.event.label.name == 'record-prompts'");
    // A fork's PR never gets the key.
    expect(gate).toContain(
      "github.event_name == 'pull_request' && github.event.action == 'labeled' && github.event.label.name == 'record-prompts' && github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(gate).toContain(
      "(github.event_name == 'workflow_dispatch' && inputs.mode == 'record' && github.ref != format('refs/heads/{0}', github.event.repository.default_branch))",
    );
    expect(wf.on.workflow_dispatch.inputs.mode!.options).toEqual(['live', 'record', 'replay']);
  });

  it('runs only when replay found stale recordings and nothing else broken, behind the kill switch', () => {
    expect(record!.needs).toBe('replay');
    expect(gate).toMatch(/^\$\{\{ !cancelled\(\) && /);
    expect(gate).toContain(STALE_ONLY);
    expect(gate).toContain("needs.replay.outputs.stale != '0'");
    expect(gate).toContain("vars.PROMPTGATE_LIVE != '0'");
    // The label starts a run that replays (so there are counts to read), as every label does.
    expect(squash(replay!.if)).toBe("github.event_name != 'schedule'");
  });

  it('has contents: write (it pushes), actions: write (it dispatches replay) and pull-requests: write (its section of the PR comment), nothing else', () => {
    expect(record!.permissions).toEqual({ contents: 'write', actions: 'write', 'pull-requests': 'write' });
    for (const [name, job] of Object.entries(wf.jobs)) if (name !== 'record' && job.permissions) expect(job.permissions.contents, name).toBe('read');
  });

  it('records exactly the stale cases under its own small cap, with the key given to that one step', () => {
    const keyed = record!.steps.filter((s) => s.env?.ANTHROPIC_API_KEY);
    expect(keyed.map((s) => s.name)).toEqual(['Record']);
    expect(keyed[0]!.run).toMatch(/npx --no promptgate run suites\/ --record --changed --max-cost "\$RECORD_MAX_COST"/);
    expect(wf.env.RECORD_MAX_COST).toBe("${{ inputs.record-max-cost || vars.PROMPTGATE_RECORD_MAX_COST || '1' }}");
    expect(JSON.stringify(record!.env)).not.toMatch(/secrets\./);
  });

  it('checks out the PR branch and commits only fixtures/, then pushes to that branch', () => {
    expect(step(record!, (s) => Boolean(s.uses?.startsWith('actions/checkout@'))).with).toEqual({
      ref: '${{ github.event.pull_request.head.ref || github.ref_name }}',
      'persist-credentials': false,
    });
    const push = step(record!, (s) => s.name === 'Push the recordings').run!;
    expect(push.match(/git add[^\n]*/g)).toEqual(["git add --all -- fixtures/ ':(exclude,glob)fixtures/**/*.tmp'"]);
    expect(push).not.toMatch(/git commit[^\n]*(-a\b|--all)/);
    expect(push).toMatch(/git -c http\.https:\/\/github\.com\/\.extraheader="AUTHORIZATION: basic \$auth" push origin "HEAD:refs\/heads\/\$BRANCH"/);
    // The write token reaches the push step and the dispatch, not the install or the recording run.
    expect(record!.steps.filter((s) => s.env?.GH_TOKEN).map((s) => s.name)).toEqual(['Push the recordings', 'Replay the new head commit']);
    expect(JSON.stringify(record!.env)).not.toContain('GH_TOKEN');
    expect(record!.env?.BRANCH).toBe('${{ github.event.pull_request.head.ref || github.ref_name }}');
  });

  it('gives the pushed commit a verdict: a GITHUB_TOKEN push starts no run, so it dispatches a replay-only run on the branch', () => {
    const dispatch = step(record!, (s) => s.name === 'Replay the new head commit');
    expect(dispatch.if).toBe("steps.push.outputs.pushed == 'true'");
    expect(dispatch.run).toMatch(/^gh workflow run "\$\(basename "\$\{GITHUB_WORKFLOW_REF%@\*\}"\)" .*--ref "\$BRANCH" -f mode=replay/);
    // A replay-only dispatch runs no live job and waits in no API queue.
    expect(squash(live!.if)).toContain("(github.event_name == 'workflow_dispatch' && inputs.mode == 'live' && !inputs.sharded)");
  });

  it('takes the label off after recording, whether it recorded or was skipped (nothing stale), so adding it again records again', () => {
    const compare = wf.jobs.compare!;
    // The compare job runs after record whatever record did (always()), and may write to the PR.
    expect(compare.needs).toContain('record');
    expect(compare.if).toMatch(/^\$\{\{ always\(\) && /);
    const unlabel = step(compare, (s) => s.name === 'Take the record-prompts label off');
    expect(unlabel.if).toBe("${{ !cancelled() && github.event.action == 'labeled' && github.event.label.name == 'record-prompts' }}");
    expect(unlabel.run).toBe('gh api --method DELETE "repos/${GITHUB_REPOSITORY}/issues/${PR}/labels/record-prompts" --silent');
    // Before the gate, which fails the job on a regression and would skip what follows it.
    const names = compare.steps.map((s) => s.name);
    expect(names.indexOf('Take the record-prompts label off')).toBeLessThan(names.indexOf('Gate on regressions'));
    expect(record!.steps.some((s) => s.run?.includes('/labels/'))).toBe(false);
  });
});

describe('the live job after a stale-only replay', () => {
  it('runs when replay passed or failed only on stale recordings; a real failure (or no counts) still blocks it', () => {
    for (const job of [live!, wf.jobs['live-sharded']!]) {
      expect(squash(job.if)).toMatch(/^\$\{\{ !cancelled\(\) && /);
      expect(squash(job.if)).toContain(STALE_ONLY);
    }
    expect(replay!.outputs).toEqual({ stale: '${{ steps.stale.outputs.stale }}', broken: '${{ steps.stale.outputs.broken }}' });
  });
});

describe('every job runs in the project folder and caches its package manager', () => {
  it.each(Object.entries(wf.jobs))('%s', (_, job) => {
    expect(job.defaults?.run?.['working-directory']).toBe('${{ env.PROJECT_DIR }}');
    const setup = step(job, (s) => Boolean(s.uses?.startsWith('actions/setup-node@')));
    expect(setup.with).toMatchObject({ cache: '${{ steps.pm.outputs.manager }}', 'cache-dependency-path': '${{ steps.pm.outputs.lockfile }}' });
    for (const s of job.steps) {
      for (const key of ['path', 'report_paths'] as const) {
        const value = s.with?.[key];
        if (typeof value === 'string') expect(value, `${s.uses} ${key}`).toMatch(/^\$\{\{ env\.PROJECT_DIR \}\}\//);
      }
      // Untrusted values reach scripts through env, never spliced into their text.
      if (s.run) expect(s.run.replace(/\$\{\{ matrix\.shard \}\}/g, ''), s.run).not.toContain('${{');
    }
  });

  it('the folder is the manual input, else a repository variable, else the root', () => {
    expect(wf.env.PROJECT_DIR).toBe("${{ inputs.working-directory || vars.PROMPTGATE_WORKING_DIRECTORY || '.' }}");
  });
});

// Runs one of the workflow's own `run:` scripts as the runner would (bash -e), in `cwd`.
function runStep(script: string, cwd: string, env: Record<string, string>) {
  const output = path.join(cwd, '.github_output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', script], { cwd, env: { ...process.env, GITHUB_OUTPUT: output, ...env }, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('the workflow scripts, run on a project in a subfolder', () => {
  let repo: string;
  let app: string;
  beforeAll(async () => {
    repo = mkdtempSync(path.join(tmpdir(), 'promptgate-loop-'));
    app = path.join(repo, 'app');
    mkdirSync(app);
    expect((await runCli(['init'], { cwd: app })).code).toBe(0);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const replayApp = () => runCli(['run', 'suites/', '--results', 'reports/results.json'], { cwd: app, env: { PROMPTGATE_LIVE: '0' } });
  const countStale = () => runStep(step(replay!, (s) => s.id === 'stale').run!, app, { PROJECT_DIR: 'app' });
  const suiteFile = () => path.join(app, 'suites/example.yaml');

  it('a green replay counts nothing stale and nothing broken', async () => {
    expect((await replayApp()).code).toBe(0);
    const r = countStale();
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ stale: '0', broken: '0' });
    expect(r.stdout).toBe('');
  });

  it('an edited prompt: replay fails, and ONE annotation at the suite (path from the repository root) names exactly the stale case and how to refresh it', async () => {
    writeFileSync(suiteFile(), readFileSync(suiteFile(), 'utf8').replace('keeps sending me back to the login page', 'keeps bouncing me to the login page'));
    expect((await replayApp()).code).not.toBe(0);
    const r = countStale();
    expect(r.outputs).toEqual({ stale: '1', broken: '0' });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=app\/suites\/example\.yaml,title=1 stale or missing recording\(s\) in example::Needs recording: login-loop\. /);
    expect(lines[0]).toContain('label record-prompts');
    expect(lines[0]).toContain('npx promptgate run suites/example.yaml --record --changed');
  });

  it('a broken check besides: counted as broken, so live and record stay blocked', async () => {
    writeFileSync(suiteFile(), readFileSync(suiteFile(), 'utf8').replace('- icontains: billing', '- icontains: no-such-word'));
    await replayApp();
    expect(countStale().outputs).toEqual({ stale: '1', broken: '1' });
  });

  it('a check that could not judge (status broken) is counted as broken too', async () => {
    const results = path.join(app, 'reports/results.json');
    const result = JSON.parse(readFileSync(results, 'utf8')) as { suites: { cases: { status: string }[] }[] };
    for (const c of result.suites[0]!.cases) if (c.status === 'failed') c.status = 'broken';
    writeFileSync(results, JSON.stringify(result));
    expect(countStale().outputs).toEqual({ stale: '1', broken: '1' });
  });

  it('no results file (the run could not start): no counts, which the gates read as broken', () => {
    rmSync(path.join(app, 'reports'), { recursive: true, force: true });
    const r = countStale();
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({});
  });

  it.each([
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
  ])('the lockfile %s picks %s and is the cache key, in the project folder or at the root of the workspace above it', (lockfile, manager) => {
    const outer = mkdtempSync(path.join(tmpdir(), 'promptgate-pm-'));
    const repo = path.join(outer, 'repo');
    const app = path.join(repo, 'packages/app');
    mkdirSync(app, { recursive: true });
    // A lockfile above the repository is none of its business.
    writeFileSync(path.join(outer, 'package-lock.json'), '');
    const pm = (cwd: string) => runStep(step(replay!, (s) => s.id === 'pm').run!, cwd, { GITHUB_WORKSPACE: repo });
    try {
      // A monorepo's one lockfile at its root, the project in packages/app (the step runs there).
      writeFileSync(path.join(repo, lockfile), '');
      expect(pm(app).outputs).toEqual({ manager, lockfile });
      // The project's own lockfile comes first.
      writeFileSync(path.join(app, lockfile), '');
      expect(pm(app).outputs).toEqual({ manager, lockfile: `packages/app/${lockfile}` });
      // None up to the repository's root: no manager (npm ci), no cache; nothing above the root is read.
      rmSync(path.join(repo, lockfile));
      rmSync(path.join(app, lockfile));
      expect(pm(app)).toMatchObject({ code: 0, outputs: {} });
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });
});

describe('the record job pushes only the recordings (its script, on a local git repository)', () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'promptgate-push-'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  it('commits fixtures/ of the project folder alone, pushes it to the branch, and pushes nothing when no recording changed', () => {
    const origin = path.join(base, 'origin.git');
    const work = path.join(base, 'work');
    git(base, 'init', '--quiet', '--bare', origin);
    git(base, 'clone', '--quiet', origin, work);
    const app = path.join(work, 'app');
    mkdirSync(path.join(app, 'fixtures/support'), { recursive: true });
    writeFileSync(path.join(app, 'fixtures/support/a.json'), '{"old":true}\n');
    writeFileSync(path.join(app, 'prompt.txt'), 'old prompt\n');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'start');
    git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/edit-prompt');

    // What a recording run leaves: a refreshed and a new recording, reports, and an unrelated edit.
    writeFileSync(path.join(app, 'fixtures/support/a.json'), '{"new":true}\n');
    writeFileSync(path.join(app, 'fixtures/support/b.json'), '{"new":true}\n');
    // And the temp file of a write a kill -9 cut short.
    writeFileSync(path.join(app, 'fixtures/support/c.json.4242.0a1b2c3d.tmp'), '');
    mkdirSync(path.join(app, 'reports'));
    writeFileSync(path.join(app, 'reports/results.json'), '{}\n');
    writeFileSync(path.join(app, 'prompt.txt'), 'edited by a script\n');
    writeFileSync(path.join(work, 'outside.txt'), 'not a recording\n');

    const script = step(record!, (s) => s.name === 'Push the recordings').run!;
    const env = { BRANCH: 'edit-prompt', GH_TOKEN: 'unused-by-a-local-remote' };
    const r = runStep(script, app, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toEqual({ pushed: 'true' });
    expect(git(origin, 'show', '--name-only', '--format=', 'edit-prompt').split('\n').sort()).toEqual([
      'app/fixtures/support/a.json',
      'app/fixtures/support/b.json',
    ]);
    expect(
      git(work, 'status', '--porcelain')
        .split('\n')
        .map((l) => l.trim())
        .sort(),
    ).toEqual(['?? app/.github_output', '?? app/fixtures/support/c.json.4242.0a1b2c3d.tmp', '?? app/reports/', '?? outside.txt', 'M app/prompt.txt']);

    const again = runStep(script, app, env);
    expect(again.code).toBe(0);
    expect(again.outputs).toEqual({});
    expect(again.stdout).toContain('::notice::no recording changed');
  });
});
