/**
 * The published artifact, driven as a user drives it: `npm pack`, install the tarball into a new
 * project, then every command as the installed bin, and the kits from a user's own vitest run.
 * The first commands go through `npx promptgate`, as a user types them; the rest run the bin npx
 * resolves to (node_modules/.bin/promptgate) without npm's own start-up in front of each. The
 * user's vitest run starts once the install is done and runs beside the CLI steps, which run at
 * most two at a time (two cores). Nothing here imports this checkout's sources into the user's project.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleResponder } from '../../scripts/example-replies.ts';
import { installedProject, packTarball } from '../support/packed.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const IMPORTS = path.join(ROOT, 'test/import/fixtures');
const EXAMPLE = path.join(ROOT, 'examples/ticket-router');
const KEY = `test-key-${Date.now().toString(36)}-packed`;

let project: string;
let sim: Simulator;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function exec(file: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  // No key and no GitHub context unless a step gives them: a user's plain terminal.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ANTHROPIC_|GITHUB_|PROMPTGATE_)/.test(k)));
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd: project, env: { ...base, ...env }, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** CLI steps that the tests below start together still run two at a time. */
const slot = pLimit(2);
const npx = (args: string[], env: Record<string, string> = {}) => exec('npx', ['--no', '--', ...args], env);
/** Through npx, as a user types it. */
const npxPromptgate = (...args: string[]) => slot(() => npx(['promptgate', ...args]));
/** The installed bin that `npx promptgate` resolves to, run directly. */
const bin = (args: string[], env: Record<string, string> = {}) => slot(() => exec(path.join(project, 'node_modules/.bin/promptgate'), args, env));
const promptgate = (...args: string[]) => bin(args);
const live = (...args: string[]) => bin(args, { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url });

/** The ticket-router example copied into the project and run by the user's own vitest; started in beforeAll. */
let userRun: Promise<{ tests: string[]; outcome: Outcome }>;

beforeAll(async () => {
  const { vitest, msw } = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: { vitest: string; msw: string } })
    .devDependencies;
  // The kits' optional peers, which a project that uses them installs (npm brings no optional peer).
  project = await installedProject({}, { vitest, msw });
  // Into app/, which no CLI step below reads or writes, so it can run beside them.
  userRun = (async () => {
    for (const dir of ['src', 'suites', 'fixtures', 'test']) await cp(path.join(EXAMPLE, dir), path.join(project, 'app', dir), { recursive: true });
    return { tests: await readdir(path.join(project, 'app/test')), outcome: await npx(['vitest', 'run', '--root', 'app']) };
  })();
  userRun.catch(() => {}); // its own test awaits it and fails with the error
  sim = await startSimulator({ responder: exampleResponder });
}, 240_000);
afterAll(() => sim?.close());

describe('the npm pack tarball', () => {
  it('ships a LICENSE, the bundled CLI with the licences of what it inlines (not the SDK), no unbundled CLI, no dist/package.json, and stays small', async () => {
    const installed = path.join(project, 'node_modules/promptgate');
    expect(await readFile(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    await expect(stat(path.join(installed, 'dist/package.json'))).rejects.toThrow(/ENOENT/);
    expect((await stat(path.join(installed, 'dist/cli/main.js'))).isFile()).toBe(true);
    await expect(stat(path.join(installed, 'dist/src/cli'))).rejects.toThrow(/ENOENT/);
    const licences = await readFile(path.join(installed, 'dist/cli/THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const inlined of ['msw@', 'tough-cookie@', 'commander@']) expect(licences).toContain(inlined);
    expect(licences).toContain('Redistribution and use in source and binary forms'); // tough-cookie's BSD text, not just its name
    // The SDK is not inlined: the CLI calls the project's own (a peer).
    expect(licences).not.toContain('@anthropic-ai/sdk');
    // ~0.3 MB of it is the CLI bundle (msw and the rest inlined, unminified so a stack trace in a bug
    // report stays readable); the budget catches node_modules or tests slipping in.
    expect((await stat(await packTarball())).size).toBeLessThan(1_000_000);
  });
});

describe('installed from the tarball, through npx promptgate', { timeout: 120_000 }, () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await npxPromptgate('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('init, validate and the first run: green offline, with no key', async () => {
    const init = await npxPromptgate('init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('created      fixtures/example/billing-double-charge.json\n');
    // The schema line points at the schema the project installed, which editors can open.
    const example = await readFile(path.join(project, 'suites/example.yaml'), 'utf8');
    const schema = /\$schema=(\S+)/.exec(example)![1]!;
    expect(schema).toBe('../node_modules/promptgate/schema/suite.schema.json');
    await stat(path.resolve(project, 'suites', schema));

    // None of these three writes what another reads (a second init skips every file).
    const [validated, run, again] = await Promise.all([
      promptgate('validate'),
      promptgate('run', '--results', 'replay.json', '--junit', 'junit.xml'),
      promptgate('init'),
    ]);
    expect(validated).toMatchObject({ code: 0, stderr: '' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^3 passed, 0 failed, 0 errored, 0 skipped \(3 cases, replay\)/m);
    expect(run.code).toBe(0);

    expect(again.stdout).toContain('skipped      suites/example.yaml (exists; --force overwrites it)\n');
  });

  it('--live without a key is refused with exit 2 and one line', async () => {
    const r = await promptgate('run', '--live');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('ANTHROPIC_API_KEY');
  });

  it('--record rewrites the recordings and --live runs against the API (a local simulator)', async () => {
    const before = await readFile(path.join(project, 'fixtures/example/login-loop.json'), 'utf8');
    const recorded = await live('run', '--record=all');
    expect(recorded.stdout).toMatch(/^3 passed, 0 failed, 0 errored, 0 skipped \(3 cases, record\)/m);
    expect(recorded.code).toBe(0);
    const after = await readFile(path.join(project, 'fixtures/example/login-loop.json'), 'utf8');
    expect(JSON.parse(after).recorded_at).not.toBe(JSON.parse(before).recorded_at);
    expect(after).not.toContain(KEY);

    const run = await live('run', '--live', '--results', 'live.json');
    expect(run.stdout).toMatch(/^3 passed, 0 failed, 0 errored, 0 skipped \(3 cases, live\)/m);
    expect(run.code).toBe(0);
  });

  it('the Claude SDK comes as a peer: one copy in the project, none inside promptgate', async () => {
    const sdk = JSON.parse(await readFile(path.join(project, 'node_modules/@anthropic-ai/sdk/package.json'), 'utf8')) as { version: string };
    expect(sdk.version).toMatch(/^\d+\.\d+\.\d+$/);
    await expect(stat(path.join(project, 'node_modules/promptgate/node_modules/@anthropic-ai'))).rejects.toThrow(/ENOENT/);
  });

  it('the CLI and the vitest kit send the same SDK version and API version: those of the SDK the project installed', async () => {
    // npm installed the newest SDK the peer range admits, which need not be this repository's pin:
    // a CLI with its own copy of the SDK would send that copy's version here.
    const { version: sdk } = JSON.parse(await readFile(path.join(project, 'node_modules/@anthropic-ai/sdk/package.json'), 'utf8')) as { version: string };
    await mkdir(path.join(project, 'kit-live'));
    await writeFile(
      path.join(project, 'kit-live/example.test.ts'),
      "import { describeSuite } from 'promptgate/vitest';\n\ndescribeSuite(new URL('../suites/example.yaml', import.meta.url), { mode: 'live' });\n",
    );
    const [cliSim, kitSim] = await Promise.all([startSimulator({ responder: exampleResponder }), startSimulator({ responder: exampleResponder })]);
    try {
      // The example suite `init` wrote, live against a simulator each, so each one's headers are its own.
      const [cli, kit] = await Promise.all([
        bin(['run', '--live', 'suites/example.yaml'], { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: cliSim.url }),
        slot(() => npx(['vitest', 'run', '--root', 'kit-live'], { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: kitSim.url })),
      ]);
      expect(cli.stdout).toMatch(/^3 passed, 0 failed, 0 errored, 0 skipped \(3 cases, live\)/m);
      expect(stripVTControlCharacters(kit.stdout)).toMatch(/Tests +3 passed/);
      expect([cli.code, kit.code]).toEqual([0, 0]);
      expect(Object.keys(cliSim.stats.bySdkVersion)).toEqual([sdk]);
      expect(Object.keys(kitSim.stats.bySdkVersion)).toEqual([sdk]);
      expect(Object.keys(cliSim.stats.byApiVersion)).toHaveLength(1);
      expect(Object.keys(kitSim.stats.byApiVersion)).toEqual(Object.keys(cliSim.stats.byApiVersion));
    } finally {
      await Promise.all([cliSim.close(), kitSim.close()]);
    }
  });

  it('compare, merge and report work on the saved results', async () => {
    const [compared, ...shards] = await Promise.all([
      promptgate('compare', 'replay.json', 'live.json'),
      ...[1, 2].map((i) => promptgate('run', '--shard', `${i}/2`, '--results', `shard-${i}.json`)),
    ]);
    expect(compared.code).toBe(0);
    expect(shards.map((s) => s.code)).toEqual([0, 0]);
    const merged = await promptgate('merge', 'shard-1.json', 'shard-2.json', '--results', 'merged.json');
    expect(merged.code).toBe(0);
    const saved = JSON.parse(await readFile(path.join(project, 'merged.json'), 'utf8')) as { suites: { cases: unknown[] }[] };
    expect(saved.suites.flatMap((s) => s.cases)).toHaveLength(3);

    const report = await promptgate('report', 'merged.json', '--html', 'report.html', '--markdown', 'summary.md', '--cost-report', 'cost.json');
    expect(report.code).toBe(0);
    expect(await readFile(path.join(project, 'report.html'), 'utf8')).toContain('<!doctype html>');
    expect(await readFile(path.join(project, 'summary.md'), 'utf8')).toContain('3 passed');
  });

  it.concurrent.each([
    ['support-triage.console.json', 'support-triage.prompt.txt'],
    ['support-triage.envelope.json', undefined],
    ['summarize.console.csv', 'summarize.prompt.txt'],
    ['capitals.course.csv', undefined],
    ['animal-legs.golden.json', 'animal-legs.prompt.txt'],
  ])('import %s writes a suite that validates', async (file, prompt) => {
    await cp(path.join(IMPORTS, file), path.join(project, 'exports', file));
    if (prompt) await cp(path.join(IMPORTS, prompt), path.join(project, 'exports', prompt));
    const out = `imported/${file.replace(/\W/g, '-')}.yaml`;
    const imported = await promptgate('import', `exports/${file}`, ...(prompt ? ['--prompt', `exports/${prompt}`] : []), '--out', out);
    expect(imported.code).toBe(0);
    const yaml = await readFile(path.join(project, out), 'utf8');
    expect(yaml).toContain('$schema=../node_modules/promptgate/schema/suite.schema.json');
    expect(await promptgate('validate', out)).toMatchObject({ code: 0, stderr: '' });
  });

  it("a user's own vitest run uses promptgate/vitest and promptgate/msw (the ticket-router example)", async () => {
    const { tests, outcome: r } = await userRun;
    expect(tests).toContain('prompts.test.ts');
    expect(stripVTControlCharacters(r.stdout)).toMatch(new RegExp(`Test Files +${tests.length} passed`));
    expect(r.code).toBe(0);
  });
});
