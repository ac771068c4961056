import { validateAction, validateWorkflow } from '@action-validator/core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPARE_MARKER } from '../../src/saved-results/compare-markdown.ts';
import { runGithubScript } from './github-script.ts';

const root = path.resolve(import.meta.dirname, '../..');
const workflowDir = path.join(root, '.github/workflows');
const workflowFiles = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));
const actionFile = path.join(root, '.github/actions/promptgate/action.yml');
const source = (file: string) => readFileSync(file, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  [k: string]: unknown;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown>; 'fail-fast'?: boolean };
  steps: Step[];
  [k: string]: unknown;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (name: string) => parse(source(path.join(workflowDir, name))) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const squash = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ');

describe('GitHub Actions files validate against the published schemas (action-validator)', () => {
  it('finds the workflows', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'prompt-regression.yml']));
  });

  it.each(workflowFiles)('%s is a valid workflow', (file) => {
    expect(validateWorkflow(source(path.join(workflowDir, file))).errors).toEqual([]);
  });

  it('the composite action is a valid action', () => {
    expect(validateAction(source(actionFile)).errors).toEqual([]);
  });

  it('the validator does reject a broken file (so a pass above means something)', () => {
    const broken = source(path.join(workflowDir, 'prompt-regression.yml')).replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
    expect(validateAction(source(actionFile).replace('using: composite', 'using: compost')).errors.length).toBeGreaterThan(0);
  });
});

describe('ci.yml (the project itself)', () => {
  const ci = workflow('ci.yml');
  const test = ci.jobs.test!;

  it('runs on push and pull_request with Node 24', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(test.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24);
  });

  it('type-checks and tests, then runs the example suites in replay with every report', () => {
    const script = runs(test);
    expect(script).toMatch(/npm ci/);
    expect(script).toMatch(/npm test/);
    expect(squash(script)).toMatch(/promptgate(\.js)? run suites\/ --junit \S+ --results \S+ --cost-report \S+ --markdown \S+/);
    expect(script).not.toMatch(/--live|--record|--batch/);
    expect(test.env?.PROMPTGATE_LIVE).toBe('0');
  });

  it('publishes JUnit with a common test-report action, even when tests fail', () => {
    const report = test.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report@'));
    expect(report?.if).toMatch(/!cancelled\(\)|always\(\)/);
    expect(ci.permissions).toEqual({ contents: 'read', checks: 'write' });
  });

  it('exercises the composite action and checks its outputs', () => {
    const steps = ci.jobs.action!.steps;
    expect(steps.find((s) => s.uses === './.github/actions/promptgate')?.with?.mode).toBe('replay');
    expect(runs(ci.jobs.action!)).toMatch(/test "\$FAILED" -eq 0/);
    // And on a project in a subfolder (working-directory), whose paths are relative to it.
    expect(steps.find((s) => s.id === 'sub')?.with?.['working-directory']).toBe('examples/support-desk');
    expect(runs(ci.jobs.action!)).toContain('test -f "examples/support-desk/$RESULTS"');
  });
});

describe('prompt-regression.yml (the example users copy)', () => {
  const wf = workflow('prompt-regression.yml');
  const { replay, live, compare } = wf.jobs;
  const sharded = wf.jobs['live-sharded']!;
  const merge = wf.jobs['live-merge']!;
  const batch = wf.jobs['nightly-batch']!;

  it('replays on every push and PR, with no secrets', () => {
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch', 'schedule']));
    expect(JSON.stringify(replay)).not.toMatch(/secrets\./);
    expect(replay!.env?.PROMPTGATE_LIVE).toBe('0');
    // The stale-recording annotation only tells people how to record; the run itself never does.
    expect(
      runs(replay!)
        .split('\n')
        .filter((l) => l.startsWith('npx --no promptgate')),
    ).toEqual([
      'npx --no promptgate run suites/ --junit reports/junit.xml --results reports/results.json --cost-report reports/cost.md --markdown reports/summary.md',
    ]);
  });

  it('gates the live job to main, the run-live-evals label and manual runs, behind the kill switch', () => {
    const gate = squash(live!.if);
    // The default branch as the repository names it: main is only the push trigger's literal.
    expect(gate).toContain("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    expect(source(path.join(workflowDir, 'prompt-regression.yml')).match(/\bmain\b(?!'s)/g)?.length).toBeGreaterThan(0);
    expect(source(path.join(workflowDir, 'prompt-regression.yml'))).not.toMatch(/refs\/heads\/main|branch=main/);
    expect(gate).toContain("contains(github.event.pull_request.labels.*.name, 'run-live-evals')");
    expect(gate).toContain("github.event_name == 'workflow_dispatch'");
    expect(gate).toContain("vars.PROMPTGATE_LIVE != '0'");
    // Fork PRs get no secrets: a label on one must not start a live run that can only fail.
    expect(gate).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('gives the key to the one step of each API-calling job that calls the API, with the kill switch and a spend cap', () => {
    for (const job of [live!, sharded, batch]) {
      // Not job-level env: npm ci and every lifecycle script of every dependency would see it.
      expect(JSON.stringify(job.env ?? {})).not.toMatch(/secrets\./);
      const keyed = job.steps.filter((s) => s.env?.ANTHROPIC_API_KEY);
      expect(keyed).toHaveLength(1);
      expect(keyed[0]!.env!.ANTHROPIC_API_KEY).toBe('${{ secrets.ANTHROPIC_API_KEY }}');
      expect(keyed[0]!.run).toMatch(/^npx --no promptgate run suites\/ --(live|batch)/);
      expect(job.env?.PROMPTGATE_LIVE).toMatch(/vars\.PROMPTGATE_LIVE/);
      expect(squash(job.if)).toContain("vars.PROMPTGATE_LIVE != '0'");
      expect(runs(job)).toMatch(/--max-cost/);
    }
    expect(runs(live!)).toMatch(/--live[\s\S]*\$\{CONCURRENCY:\+"--concurrency=\$CONCURRENCY"\}/);
    // A PR's live run pays only for cases whose recording is stale or missing; main's runs them all (the baseline).
    expect(runs(live!)).toContain('--live ${CHANGED:+"$CHANGED"} ');
    expect(live!.env?.CHANGED).toBe("${{ github.event_name == 'pull_request' && '--changed' || '' }}");
    expect(wf.env?.CONCURRENCY).toMatch(/vars\.PROMPTGATE_CONCURRENCY/);
    // No other job may see the key; the GitHub token is given only to the steps that call gh.
    // (The record job's key is checked in record-job.test.ts.)
    const others = Object.entries(wf.jobs).filter(([name, job]) => ![live, sharded, batch].includes(job) && name !== 'record');
    for (const [, job] of others) expect(JSON.stringify(job)).not.toContain('ANTHROPIC_API_KEY');
    for (const job of Object.values(wf.jobs)) expect(JSON.stringify(job.env ?? {})).not.toContain('GH_TOKEN');
    expect(compare!.steps.filter((s) => s.env?.GH_TOKEN).map((s) => s.name)).toEqual(["Download main's last results", 'Take the record-prompts label off']);
  });

  it('goes live only after replay passed (or failed only on stale recordings: record-job.test.ts), and on a PR only when the run-live-evals label itself is added (or on a push while it carries it)', () => {
    for (const job of [live!, sharded]) expect(squash(job.if)).toMatch(/^\$\{\{ !cancelled\(\) && \(needs\.replay\.result == 'success' \|\| /);
    expect(squash(live!.if)).toContain("(github.event.action != 'labeled' || github.event.label.name == 'run-live-evals')");
    // Replay runs on every label, an unrelated one too: skipped, a required check would read as passed.
    expect(squash(replay!.if)).toBe("github.event_name != 'schedule'");
  });

  it('cancels only a PR run that just replays; the jobs that call the API queue in one job-level group for the repository', () => {
    const { group, 'cancel-in-progress': cancel } = (wf as unknown as { concurrency: { group: string; 'cancel-in-progress': boolean } }).concurrency;
    // A push to a PR that does not run live shares the PR's group, so it cancels that PR's older run;
    // a label run and every run of main, a manual run or the schedule is a group of its own: its
    // replay never waits behind a paid run, nor is it cancelled as a pending one.
    expect(squash(group)).toBe(
      "${{ github.event_name == 'pull_request' && github.event.action != 'labeled' && !contains(github.event.pull_request.labels.*.name, 'run-live-evals') && format('prompt-regression-pr-{0}', github.event.pull_request.number) || format('prompt-regression-run-{0}', github.run_id) }}",
    );
    expect(cancel).toBe(true);
    const queued = Object.entries(wf.jobs).filter(([, job]) => job.concurrency);
    expect(queued.map(([name]) => name).sort()).toEqual(['live', 'live-sharded', 'nightly-batch', 'record']);
    for (const [name, job] of queued) {
      const { group: jobGroup, ...rest } = job.concurrency as { group: string };
      // Never cancelled once running: a paid run stopped halfway pays for answers nobody reads.
      expect(rest, name).toEqual({});
      expect(jobGroup, name).toBe(
        name === 'live-sharded' ? 'promptgate-api-${{ github.repository }}-shard-${{ matrix.shard }}' : 'promptgate-api-${{ github.repository }}',
      );
    }
  });

  it('uploads JUnit, cost report and results as artifacts from the live job', () => {
    expect(squash(runs(live!))).toMatch(/--junit reports\/junit\.xml --results reports\/results\.json --cost-report reports\/cost\.md/);
    const upload = live!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'promptgate-live-results', path: '${{ env.PROJECT_DIR }}/reports/' });
    expect(upload?.if).toMatch(/!cancelled\(\)/);
  });

  it('shards over a matrix and merges every shard in a job of its own', () => {
    expect(sharded.strategy?.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(sharded.strategy?.['fail-fast']).toBe(false);
    expect(runs(sharded)).toContain('--shard ${{ matrix.shard }}/4');
    expect(runs(sharded)).toContain('--results reports/shard-${{ matrix.shard }}.json');
    expect(merge.needs).toBe('live-sharded');
    expect(merge.if).toMatch(/!cancelled\(\)/);
    expect(merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with).toMatchObject({
      pattern: 'promptgate-shard-*',
      'merge-multiple': true,
      path: '${{ env.PROJECT_DIR }}/shards',
    });
    expect(squash(runs(merge))).toContain('npx --no promptgate merge shards/shard-*.json');
  });

  it('runs batch mode nightly on a schedule', () => {
    expect((wf.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(batch.if).toContain("github.event_name == 'schedule'");
    expect(runs(batch)).toMatch(/--batch/);
    expect(replay!.if).toBe("github.event_name != 'schedule'");
  });

  it('keeps permissions minimal: read by default, and only compare and record may write (record-job.test.ts)', () => {
    expect(wf.permissions).toEqual({ contents: 'read', checks: 'write' });
    expect(compare!.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'write' });
    for (const [name, job] of Object.entries(wf.jobs)) if (name !== 'compare' && name !== 'record') expect(job.permissions).toBeUndefined();
    expect(source(path.join(workflowDir, 'prompt-regression.yml'))).not.toMatch(/write-all|pull_request_target/);
  });

  it("compares with main's last results and posts or updates ONE comment found by the marker", () => {
    expect(compare!.if).toContain("github.event_name == 'pull_request'");
    const script = runs(compare!);
    expect(script).toMatch(/gh api "repos\/\$\{GITHUB_REPOSITORY\}\/actions\/workflows\/\$\{workflow\}\/runs\?branch=\$\{DEFAULT_BRANCH\}&event=push/);
    // Only runs of this repository: a fork's branch named main plants no baseline.
    expect(script).toContain('select(.head_repository.id == .repository.id)');
    expect(script).toMatch(/gh run download "\$run_id"/);
    expect(squash(script)).toContain('npx --no promptgate compare baseline/results.json current/results.json --markdown compare.md');
    const comment = compare!.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
    const js = String(comment?.with?.script);
    // The marker the workflow looks for is the one compare writes.
    expect(js).toContain(`'${COMPARE_MARKER}'`);
    expect(js).toMatch(/createComment[\s\S]*updateComment/);
    // The comment is posted before the gate fails the job.
    const names = compare!.steps.map((s) => String(s.name ?? s.uses ?? s.run));
    expect(names.indexOf('Post or update the PR comment')).toBeLessThan(names.indexOf('Gate on regressions'));
  });
});

describe("the compare job's comment script, run with a stand-in GitHub", () => {
  const js = () => String(workflow('prompt-regression.yml').jobs.compare!.steps.find((x) => x.uses?.startsWith('actions/github-script@'))?.with?.script);
  /** Runs the script on a PR whose comments are `existing`, with `comparison` as compare.md; what it posted. */
  async function post(existing: string[], comparison: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-comment-'));
    writeFileSync(path.join(dir, 'compare.md'), comparison);
    try {
      return await runGithubScript(js(), dir, existing);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const recorded = '<!-- promptgate-recorded -->\n### Re-recorded on this branch\n\n2 cases\n<!-- /promptgate-recorded -->';

  it("keeps within GitHub's 65,536 characters a comment, cutting the comparison at a line and keeping the record job's section", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `| case-${i} | passed | failed | contains "x" |`).join('\n');
    const created = await post([], `${COMPARE_MARKER}\n${rows}\n`);
    expect(created[0]!.body.length).toBeLessThanOrEqual(65536);
    expect(created[0]!.body).toMatch(
      /\| case-\d+ \| passed \| failed \| contains "x" \|\n\n…cut to fit a PR comment: the whole comparison is in the compare job's summary\.\n$/,
    );
    const bigSection = `<!-- promptgate-recorded -->\n${'r'.repeat(29000)}\n<!-- /promptgate-recorded -->`;
    const [updated] = await post([`${COMPARE_MARKER}\nold\n\n${bigSection}`], `${COMPARE_MARKER}\n${rows}\n`);
    expect(updated!.body.length).toBeLessThanOrEqual(65536);
    expect(updated!.body.endsWith(bigSection)).toBe(true);
  });

  it('creates the one comment, then rewrites its comparison and keeps the section the record job added', async () => {
    expect(await post([], `${COMPARE_MARKER}\nfirst\n`)).toEqual([{ op: 'create', body: `${COMPARE_MARKER}\nfirst\n` }]);
    const old = `${COMPARE_MARKER}\nold comparison\n\n${recorded}`;
    expect(await post(['someone else', old], `${COMPARE_MARKER}\nnew comparison\n`)).toEqual([
      { op: 'update', body: `${COMPARE_MARKER}\nnew comparison\n\n\n${recorded}` },
    ]);
  });
});

describe('the composite action', () => {
  const action = parse(source(actionFile)) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  };

  it('takes the documented inputs and gives the documented outputs', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'mode', 'shard', 'max-cost', 'concurrency', 'baseline']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['passed', 'failed', 'errored', 'cost-usd', 'results']));
    expect(action.inputs.mode!.default).toBe('replay');
    expect(action.runs.using).toBe('composite');
  });

  it('passes inputs to its script through env, never spliced into shell', () => {
    for (const step of action.runs.steps) if (step.run) expect(step.run).not.toContain('${{');
  });
});

describe('annotations are made once', () => {
  // `promptgate run` annotates each failed case at its suite line (publishToGitHub); the JUnit check's
  // own annotations of the same cases would double every one, and use up GitHub's 10 a step.
  const template = path.join(root, 'src/init/templates/prompt-regression.yml');
  const files = [...workflowFiles.map((f) => path.join(workflowDir, f)), template];

  it.each(files.map((f) => [path.relative(root, f), f]))('%s: every JUnit check step leaves annotations to promptgate', (_, file) => {
    const wf = parse(source(file)) as Workflow;
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('mikepenz/action-junit-report@')));
    // check_annotations (not skip_annotations, which also skips the check run) in mikepenz's action.yml.
    for (const step of steps) expect(step.with?.check_annotations, `${file}: ${JSON.stringify(step.with)}`).toBe(false);
    if (file !== template) expect(steps.length).toBeGreaterThan(0);
  });

  it('the workflow init writes is the one in .github/workflows, byte for byte', () => {
    expect(source(template)).toBe(source(path.join(workflowDir, 'prompt-regression.yml')));
  });
});
