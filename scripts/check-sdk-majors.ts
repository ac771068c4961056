/**
 * Does promptgate work with every Claude SDK its peer range allows? (The SDK is the project's own, and
 * its major decides the API version sent.) For the newest release and the floor of each caret, the
 * packed tarball goes into a fresh project with that SDK and this repository's suites/ and fixtures/:
 * the CLI replays, runs live and records against the simulator, the vitest kit runs them, both must
 * send that SDK's version, and the declarations must compile against its types. One more project has
 * no SDK (--legacy-peer-deps): `run` and the kit must fail with one line naming the fix.
 *
 *   node scripts/check-sdk-majors.ts     one line per project; exit 1 when any check fails
 *
 * Projects that fail are kept (their folder is printed) to reproduce the failure in.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { packTarball } from '../test/support/packed.ts';
import { startSimulator, type SimStats } from '../test/support/sim/index.ts';
import { exampleResponder } from './example-replies.ts';
import { CheckFailed, exec, finish, install, line, run, step, suitesAndFixtures, versionOf, type Installed, type Outcome } from './project-checks.ts';

const SDK = '@anthropic-ai/sdk';
const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// What to install comes from the declared peer range, so widening the range widens the check: the
// newest release each caret admits, and its floor.
const carets = [...manifest.peerDependencies[SDK]!.matchAll(/\^(\d+\.\d+\.\d+)/g)].map(([caret, floor]) => ({ caret, floor: floor! }));
const newest = async (range: string) => {
  const { stdout } = await exec('npm', ['view', `${SDK}@${range}`, 'version', '--json']);
  return [JSON.parse(stdout) as string | string[]].flat().at(-1)!;
};
const versions = [...new Set((await Promise.all(carets.map(async ({ caret, floor }) => [await newest(caret), floor]))).flat())];
// The users' compiler, Node types and vitest are the ones this repository is checked with.
const toolDeps = Object.fromEntries(['typescript', '@types/node', 'vitest', 'msw'].map((name) => [name, manifest.devDependencies[name]!]));

const KEY = 'sk-local-simulator';
/** The kit's error without the SDK, and the CLI's (as bad input): both name the package and the fix. */
const KIT_MISSING_SDK = /^Error: promptgate\/vitest needs @anthropic-ai\/sdk\b.*: npm install @anthropic-ai\/sdk$/;
const CLI_MISSING_SDK = /^error: promptgate needs @anthropic-ai\/sdk\b.*: npm install @anthropic-ai\/sdk$/;

/** A user's config: strict, nodenext; libraries checked too (the step filters to promptgate's own). */
const tsconfig = {
  compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', skipLibCheck: false, noEmit: true, types: ['node'] },
  include: ['types.ts'],
};

/** Every entry point's declarations, which name the SDK's types. */
const TYPES = `import type { RunResult } from 'promptgate';
import type { Answer } from 'promptgate/vitest';
import { reply } from 'promptgate/msw';

export type Checked = [RunResult, Answer, typeof reply];
`;

/** The vitest kit running every suite live, as an app's own test would on main. */
const KIT_SPEC = `import { describeSuite } from 'promptgate/vitest';

describeSuite(new URL('../suites', import.meta.url), { mode: 'live' });
`;

async function projectFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'tsconfig.json': JSON.stringify(tsconfig, null, 2), 'types.ts': TYPES, 'kit/suites.test.ts': KIT_SPEC };
  Object.assign(files, await suitesAndFixtures(root));
  return files;
}

/** The run's closing count line; anything but all passed is a failed step. */
function allPassed(stdout: string, mode: string): string {
  const summary = /^(\d+) passed, (\d+) failed, (\d+) errored, (\d+) skipped \((\d+) cases, (\w+)\)/m.exec(stdout);
  if (!summary || summary[1] !== summary[5] || summary[6] !== mode) throw new CheckFailed(`expected every case to pass (${mode}), got:\n${stdout}`);
  return `${summary[5]} cases`;
}

/** The run (or the kit) against a simulator of its own, returning the headers the simulator saw. */
async function againstSimulator(call: (env: Record<string, string>) => Promise<unknown>): Promise<Pick<SimStats, 'byApiVersion' | 'bySdkVersion'>> {
  const sim = await startSimulator({ responder: exampleResponder, apiKey: KEY });
  try {
    await call({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url });
    return sim.stats;
  } finally {
    await sim.close();
  }
}

async function checkSdk(version: string, installed: Installed): Promise<Outcome> {
  const outcome: Outcome = { name: `sdk ${version}`, steps: [installed.step], note: '' };
  const dir = installed.dir;
  if (!dir) return outcome;
  outcome.dir = dir;
  const promptgate = (args: string[], env: Record<string, string> = {}) => run(dir, path.join(dir, 'node_modules/.bin/promptgate'), args, env);
  let cases = '';
  let cliSent: Pick<SimStats, 'byApiVersion' | 'bySdkVersion'> | undefined;

  await step(outcome, 'installed', async () => {
    const got = await versionOf(dir, SDK);
    if (got !== version) throw new CheckFailed(`npm installed ${SDK} ${got}, not ${version}`);
    if (
      await stat(path.join(dir, 'node_modules/promptgate/node_modules/@anthropic-ai')).then(
        () => true,
        () => false,
      )
    ) {
      throw new CheckFailed(`a second ${SDK} is installed inside promptgate`);
    }
  });
  await step(outcome, 'replay', async () => {
    cases = allPassed((await promptgate(['run'])).stdout, 'replay');
  });
  await step(outcome, 'live', async () => {
    cliSent = await againstSimulator(async (env) => allPassed((await promptgate(['run', '--live'], env)).stdout, 'live'));
    const sdks = Object.keys(cliSent.bySdkVersion);
    if (sdks.length !== 1 || sdks[0] !== version) throw new CheckFailed(`the CLI sent SDK version ${sdks.join(', ')}, not the project's ${version}`);
  });
  await step(outcome, 'record', async () => {
    await againstSimulator(async (env) => allPassed((await promptgate(['run', '--record=all', '--fixtures', 'recorded'], env)).stdout, 'record'));
    allPassed((await promptgate(['run', '--fixtures', 'recorded'])).stdout, 'replay');
  });
  await step(outcome, 'kit live', async () => {
    const kitSent = await againstSimulator((env) => run(dir, 'npx', ['vitest', 'run', '--root', 'kit'], env));
    const [cliApi, kitApi] = [cliSent, kitSent].map((sent) => Object.keys(sent?.byApiVersion ?? {}).join(', '));
    const kitSdk = Object.keys(kitSent.bySdkVersion).join(', ');
    if (kitSdk !== version || kitApi !== cliApi) {
      throw new CheckFailed(`the vitest kit sent SDK ${kitSdk} and API version ${kitApi}; the CLI sent SDK ${version} and API version ${cliApi}`);
    }
    outcome.note = `${cases}; CLI and kit sent anthropic-version ${kitApi}`;
  });
  await step(outcome, 'tsc lib', async () => {
    const { stdout } = await exec('npx', ['tsc', '--noEmit', '-p', '.'], { cwd: dir, maxBuffer: 64 << 20 }).catch((e: { stdout?: string }) => ({
      stdout: e.stdout ?? '',
    }));
    const ours = stdout.split('\n').filter((l) => l.startsWith('node_modules/promptgate/') || l.startsWith('types.ts'));
    if (ours.length) throw new CheckFailed(`promptgate's declarations do not compile against this SDK:\n${ours.join('\n')}`);
  });
  return outcome;
}

/** Without the SDK: what makes no call works, and `run` and the vitest kit name the fix in one line. */
async function checkWithoutSdk(installed: Installed): Promise<Outcome> {
  const outcome: Outcome = { name: 'no sdk', steps: [installed.step], note: '' };
  const dir = installed.dir;
  if (!dir) return outcome;
  outcome.dir = dir;
  const failure = async (command: string, args: string[]) =>
    exec(command, args, { cwd: dir }).then(
      () => ({ failed: false, code: 0, stderr: '' }),
      (e: { code?: number; stderr?: string }) => ({ failed: true, code: e.code ?? 0, stderr: e.stderr ?? '' }),
    );

  await step(outcome, 'no sdk installed', async () => {
    if ((await versionOf(dir, SDK)) !== 'none') throw new CheckFailed(`npm installed ${SDK} despite --legacy-peer-deps`);
  });
  await step(outcome, 'cli', async () => {
    await run(dir, path.join(dir, 'node_modules/.bin/promptgate'), ['validate']);
    const r = await failure(path.join(dir, 'node_modules/.bin/promptgate'), ['run']);
    const lines = r.stderr.trimEnd().split('\n');
    if (r.code !== 2 || lines.length !== 1 || !CLI_MISSING_SDK.test(lines[0]!)) {
      throw new CheckFailed(`promptgate run without the SDK should exit 2 with one line matching ${CLI_MISSING_SDK}, but exited ${r.code}:\n${r.stderr}`);
    }
  });
  await step(outcome, 'kits', async () => {
    // The MSW kit answers the app's own calls and loads no SDK of its own.
    await run(dir, 'node', ['--input-type=module', '-e', "await import('promptgate/msw')"]);
    const kit = await failure('node', ['-e', "import('promptgate/vitest')"]);
    // Node prints the source line and stack frames around the error; the lines naming an error are what it says.
    const errors = kit.stderr.split('\n').filter((l) => /^\w*Error\b/.test(l));
    if (!kit.failed || errors.length !== 1 || !KIT_MISSING_SDK.test(errors[0]!) || /ERR_MODULE_NOT_FOUND/.test(kit.stderr)) {
      throw new CheckFailed(
        `import('promptgate/vitest') without the SDK should fail with one error line matching ${KIT_MISSING_SDK}, but ${kit.failed ? `printed:\n${kit.stderr}` : 'succeeded'}`,
      );
    }
    outcome.note = errors[0]!;
  });
  return outcome;
}

const started = performance.now();
const tarball = await packTarball();
console.log(`packed ${path.basename(tarball)} in ${((performance.now() - started) / 1000).toFixed(1)}s; ${SDK} ${versions.join(', ')} and none`);

// One project at a time: the machine has two cores, and each step's time is then its own.
const files = await projectFiles();
const outcomes: Outcome[] = [];
for (const version of versions) {
  outcomes.push(await checkSdk(version, await install(files, { [SDK]: version, ...toolDeps })));
  console.log(line(outcomes.at(-1)!));
}
const suitesOnly = Object.fromEntries(Object.entries(files).filter(([name]) => name.startsWith('suites/')));
// --legacy-peer-deps leaves out vitest's peer too, which such a project installs itself.
const withoutPeers = { vitest: toolDeps.vitest!, vite: await versionOf(root, 'vite'), msw: toolDeps.msw! };
outcomes.push(await checkWithoutSdk(await install(suitesOnly, withoutPeers, ['--legacy-peer-deps'])));
console.log(line(outcomes.at(-1)!));

await finish(outcomes, tarball, started);
