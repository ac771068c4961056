/**
 * Drives the composite action's script (run.sh + outputs.mjs) as GitHub would, with a stand-in
 * promptgate in node_modules/.bin that records its arguments and writes the files a run writes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultsJson } from '../../reporters/results-json.ts';
import { run, suite } from '../results/fixtures.ts';

const actionPath = path.resolve(import.meta.dirname, '../../.github/actions/promptgate');
let dir: string;

const FAKE = `#!/usr/bin/env node
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const args = process.argv.slice(2);
appendFileSync('calls.log', JSON.stringify(args) + '\\n');
const flag = (name) => args[args.indexOf(name) + 1];
if (args[0] === 'run') {
  if (process.env.FAKE_WRITE !== 'no') {
    mkdirSync(path.dirname(flag('--results')), { recursive: true });
    writeFileSync(flag('--results'), process.env.FAKE_RESULTS);
    writeFileSync(flag('--cost-report'), JSON.stringify({ kind: 'promptgate-cost-report', version: 1, total: { usd: { total: 0.0123456789 } } }));
  }
  process.exit(Number(process.env.FAKE_RUN_CODE ?? 0));
}
if (args[0] === 'compare') {
  writeFileSync(flag('--markdown'), '<!-- promptgate-compare -->\\n');
  const regressions = Array.from({ length: Number(process.env.FAKE_REGRESSIONS ?? 0) }, (_, i) => ({ suite: 's', id: 'c' + i }));
  writeFileSync(flag('--json'), JSON.stringify({ kind: 'promptgate-comparison', version: 1, regressions }));
  process.exit(Number(process.env.FAKE_COMPARE_CODE ?? 0));
}
`;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'promptgate-action-'));
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules/.bin/promptgate'), FAKE);
  chmodSync(path.join(dir, 'node_modules/.bin/promptgate'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const current = run([suite('triage', ['a', { id: 'b', status: 'failed' }, { id: 'c', status: 'errored' }, 'd'])]);

/** $GITHUB_OUTPUT as the runner reads it: name=value lines, and name<<DELIMITER ... DELIMITER blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    // The runner's rule: an = before any << makes a name=value line.
    const [eq, heredoc] = [line.indexOf('='), line.indexOf('<<')];
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      const end = lines.indexOf(line.slice(heredoc + 2), i + 1);
      expect(end, `unterminated ${line}`).toBeGreaterThan(i);
      out[line.slice(0, heredoc)] = lines.slice(i + 1, end).join('\n');
      i = end;
    }
  }
  return out;
}

function action(inputs: Record<string, string>, fake: Record<string, string> = {}) {
  const output = path.join(dir, 'github_output');
  writeFileSync(output, '');
  const env: Record<string, string | undefined> = {
    ...process.env,
    GITHUB_ACTION_PATH: actionPath,
    GITHUB_OUTPUT: output,
    GITHUB_ACTIONS: '',
    FAKE_RESULTS: resultsJson(current),
    ...fake,
  };
  for (const [k, v] of Object.entries(inputs)) env[`PG_${k.toUpperCase().replaceAll('-', '_')}`] = v;
  const r = spawnSync('bash', [path.join(actionPath, 'run.sh')], { cwd: dir, env, encoding: 'utf8' });
  const outputs = parseOutputs(readFileSync(output, 'utf8'));
  const log = path.join(dir, 'calls.log');
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[])
    : [];
  return { code: r.status, outputs, calls, out: r.stdout + r.stderr };
}

describe('composite action script', () => {
  it('maps inputs to flags and outputs counts, cost and the results path, exiting as the run did', () => {
    const r = action(
      { paths: 'suites/a.yaml suites/b', mode: 'live', shard: '2/4', 'max-cost': '3.5', concurrency: '8', out_dir: 'out' },
      { FAKE_RUN_CODE: '1' },
    );
    expect(r.calls[0]).toEqual([
      'run',
      'suites/a.yaml',
      'suites/b',
      '--live',
      '--shard',
      '2/4',
      '--max-cost',
      '3.5',
      '--concurrency',
      '8',
      '--results',
      'out/results.json',
      '--junit',
      'out/junit.xml',
      '--cost-report',
      'out/cost.json',
      '--markdown',
      'out/summary.md',
    ]);
    expect(r.outputs).toEqual({ passed: '2', failed: '1', errored: '1', broken: '0', skipped: '0', results: 'out/results.json', 'cost-usd': '0.012346' });
    expect(r.code).toBe(1);
  });

  it.each([
    ['replay', []],
    ['record', ['--record']],
    ['batch', ['--batch']],
  ])('mode %s runs with %j', (mode, flags) => {
    const r = action({ mode });
    expect(r.calls[0]!.slice(1, 2 + flags.length)).toEqual(['suites/', ...flags]);
    expect(r.code).toBe(0);
  });

  it('refuses an unknown mode with exit 2 before running anything', () => {
    writeFileSync(path.join(dir, 'calls.log'), ''); // nothing will be run to create it
    const r = action({ mode: 'yolo' });
    expect(r.code).toBe(2);
    expect(r.out).toContain("::error::promptgate: mode must be replay, live, record or batch, not 'yolo'");
    expect(r.calls).toEqual([]);
  });

  it('compares with a baseline: a regression fails a passing run, and is counted', () => {
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify(run([suite('triage', ['a', 'b', 'c', 'd'])])));
    const r = action({ baseline: 'base.json' }, { FAKE_COMPARE_CODE: '1', FAKE_REGRESSIONS: '2' });
    expect(r.calls[1]).toEqual([
      'compare',
      'base.json',
      'promptgate-results/results.json',
      '--markdown',
      'promptgate-results/compare.md',
      '--json',
      'promptgate-results/compare.json',
    ]);
    // Counted by compare (its --json), which alone applies its significance test to repeated cases.
    expect(r.outputs).toMatchObject({ regressions: '2', 'compare-markdown': 'promptgate-results/compare.md' });
    expect(r.code).toBe(1);
  });

  it('warns and carries on when the baseline does not exist yet', () => {
    const r = action({ baseline: 'nope.json' });
    expect(r.out).toContain('::warning::promptgate: baseline nope.json not found');
    expect(r.calls).toHaveLength(1);
    expect(r.code).toBe(0);
  });

  it('leaves outputs empty, not zero, when the run wrote nothing', () => {
    const r = action({}, { FAKE_WRITE: 'no', FAKE_RUN_CODE: '2' });
    expect(r.outputs).toEqual({ passed: '', failed: '', errored: '', broken: '', skipped: '', results: '', 'cost-usd': '' });
    expect(r.code).toBe(2);
  });

  it('counts (case, model) pairs from the totals promptgate wrote: one model failing a case fails it once, and broken is counted', () => {
    const pairs = suite('triage', ['a', { id: 'a', status: 'failed' }, { id: 'b', status: 'broken' }, 'b']);
    pairs.cases.forEach((c, i) => (c.model = i % 2 ? 'claude-sonnet-4-5' : 'claude-haiku-4-5'));
    const r = action({ models: 'claude-haiku-4-5 claude-sonnet-4-5' }, { FAKE_RESULTS: resultsJson(run([pairs])), FAKE_RUN_CODE: '3' });
    expect(r.calls[0]).toEqual(expect.arrayContaining(['--model', 'claude-haiku-4-5', '--model', 'claude-sonnet-4-5']));
    expect(r.outputs).toMatchObject({ passed: '2', failed: '1', errored: '0', broken: '1', skipped: '0' });
    expect(r.code).toBe(3);
  });

  it('leaves the counts empty, not guessed, for a results file without totals (an older promptgate)', () => {
    const r = action({}, { FAKE_RESULTS: JSON.stringify(current) });
    expect(r.outputs).toMatchObject({ passed: '', failed: '', broken: '', results: 'promptgate-results/results.json' });
    expect(r.out).toContain('has no totals');
  });
});

describe('composite action script, given hostile inputs', () => {
  // Lines the runner would read as workflow commands if an input could start a line of its own.
  const HOSTILE_LINES = ['::add-mask::x', '::stop-commands::pwn', '::error::forged', 'passed=999'];
  const INPUTS = ['paths', 'mode', 'shard', 'max-cost', 'concurrency', 'baseline', 'fixtures', 'models', 'changed', 'output-dir', 'working-directory'];
  const envName = (input: string) => (input === 'output-dir' ? 'out_dir' : input);
  /** Every line of the log that the runner would take for a workflow command, and its outputs. */
  const commands = (out: string) => out.split('\n').filter((l) => /^\s*::/.test(l));

  it.each(
    INPUTS.flatMap((input) => [...HOSTILE_LINES.map((l) => `ok\n${l}`), `ok\r${HOSTILE_LINES[0]}`, 'ok\u001b]8;;x\u0007'].map((value) => [input, value])),
  )('input %s = %j is refused with one error naming it, before anything runs or is output', (input, value) => {
    const r = action({ [envName(input)]: value });
    expect(r.code).toBe(2);
    expect(commands(r.out)).toEqual([
      `::error::promptgate: input ${input} holds a newline or another control character; each input is one line of text (separate paths and models with spaces)`,
    ]);
    expect(r.out).not.toContain('pwn');
    expect(r.calls).toEqual([]);
    expect(r.outputs).toEqual({});
  });

  it('package-manager.sh refuses a working-directory with a line break before printing an output', () => {
    const r = spawnSync('bash', [path.join(actionPath, 'package-manager.sh')], {
      cwd: dir,
      env: { ...process.env, PG_WORKING_DIRECTORY: '.\nmanager=evil' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('::error::promptgate: input working-directory holds a newline');
  });

  // One line each: these reach promptgate as literal arguments, never as shell or as commands.
  it.each(['$(touch pwned)', '`touch pwned`', '; touch pwned', '::stop-commands::pwn', '%0A::add-mask::x'])(
    'a one-line input %j stays a literal argument',
    (value) => {
      const r = action({ paths: value, models: value, shard: value, baseline: value }, { FAKE_COMPARE_CODE: '0' });
      expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
      expect(r.calls[0]).toEqual(expect.arrayContaining(['--shard', value, '--model', value]));
      expect(r.calls[0]!.filter((a) => a === value.split(' ')[0]).length).toBeGreaterThan(0);
      // The only command line is the action's own warning about the missing baseline, % escaped.
      expect(commands(r.out)).toEqual([
        `::warning::promptgate: baseline ${value.replaceAll('%', '%25')} not found; nothing to compare with (the first run on main makes one)`,
      ]);
      expect(Object.keys(r.outputs).sort()).toEqual(['broken', 'cost-usd', 'errored', 'failed', 'passed', 'results', 'skipped']);
    },
  );

  it('outputs.mjs writes a value with a line break as a heredoc, so it cannot forge another output', () => {
    const file = path.join(dir, 'a\npassed=999\n.json');
    writeFileSync(file, resultsJson(current));
    const r = spawnSync(process.execPath, [path.join(actionPath, 'outputs.mjs'), file, 'nope.json'], { encoding: 'utf8' });
    expect(parseOutputs(r.stdout)).toMatchObject({ passed: '2', results: file });
  });
});

describe('composite action script, on a project in a subfolder (the real promptgate)', () => {
  // No node_modules/.bin/promptgate in the project: the script runs the action's own checkout.
  it('runs promptgate in working-directory, writes its reports there, and counts (case, model) pairs', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'promptgate-action-repo-'));
    try {
      const app = path.join(repo, 'app');
      mkdirSync(app);
      const init = spawnSync(process.execPath, [path.resolve(actionPath, '../../../bin/promptgate.js'), 'init'], { cwd: app, encoding: 'utf8' });
      expect(init.status).toBe(0);
      const output = path.join(repo, 'github_output');
      writeFileSync(output, '');
      const env = {
        ...process.env,
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_OUTPUT: output,
        GITHUB_ACTIONS: '',
        PROMPTGATE_LIVE: '0',
        PG_WORKING_DIRECTORY: 'app/',
      };
      const r = spawnSync('bash', [path.join(actionPath, 'run.sh')], {
        cwd: repo,
        env: { ...env, PG_MODELS: 'claude-haiku-4-5 claude-sonnet-4-5' },
        encoding: 'utf8',
      });
      // The example is recorded for haiku only: its 3 cases pass there and have no recording under sonnet.
      expect(r.status, r.stdout + r.stderr).toBe(3);
      const outputs = Object.fromEntries(
        readFileSync(output, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
      expect(outputs).toMatchObject({ passed: '3', failed: '0', errored: '3', results: 'promptgate-results/results.json' });
      const result = JSON.parse(readFileSync(path.join(app, 'promptgate-results/results.json'), 'utf8')) as { suites: { cases: unknown[] }[] };
      expect(result.suites[0]!.cases).toHaveLength(6);
      expect(readFileSync(path.join(app, 'promptgate-results/junit.xml'), 'utf8')).toContain('<testsuite');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('refuses a working-directory that does not exist, with exit 2', () => {
    writeFileSync(path.join(dir, 'calls.log'), '');
    const r = action({ working_directory: 'nope/' });
    expect(r.code).toBe(2);
    expect(r.out).toContain("::error::promptgate: working-directory 'nope/' not found");
    expect(r.calls).toEqual([]);
  });

  it.each([
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
    ['', ''],
  ])('package-manager.sh: lockfile %j under working-directory caches %j', (lockfile, manager) => {
    mkdirSync(path.join(dir, 'app'));
    if (lockfile) writeFileSync(path.join(dir, 'app', lockfile), '');
    const r = spawnSync('bash', [path.join(actionPath, 'package-manager.sh')], {
      cwd: dir,
      env: { ...process.env, PG_WORKING_DIRECTORY: 'app/' },
      encoding: 'utf8',
    });
    expect(r.stdout).toBe(`manager=${manager}\nlockfile=${lockfile && `app/${lockfile}`}\n`);
  });

  it.each([
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
  ])("package-manager.sh: a workspace's lockfile %j at the repository root caches %j for a project in a subfolder", (lockfile, manager) => {
    // The repository in a folder whose parent holds a lockfile of its own, which is not read.
    const repo = path.join(dir, 'repo');
    mkdirSync(path.join(repo, 'packages/app'), { recursive: true });
    writeFileSync(path.join(dir, 'package-lock.json'), '');
    const pm = (at: string) =>
      spawnSync('bash', [path.join(actionPath, 'package-manager.sh')], { cwd: repo, env: { ...process.env, PG_WORKING_DIRECTORY: at }, encoding: 'utf8' });
    expect(pm('packages/app').stdout).toBe('manager=\nlockfile=\n');
    writeFileSync(path.join(repo, lockfile), '');
    expect(pm('packages/app').stdout).toBe(`manager=${manager}\nlockfile=${lockfile}\n`);
    // A folder that is not there: no manager, as before, not a failed step.
    const missing = pm('packages/nope');
    expect(missing).toMatchObject({ status: 0, stdout: 'manager=\nlockfile=\n' });
  });
});
