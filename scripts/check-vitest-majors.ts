/**
 * Does `promptgate/vitest` work on every vitest its peer range allows? For the newest release of each
 * major and the oldest the range admits, the packed tarball goes into a fresh project with that
 * vitest: `tsc --noEmit` checks test/vitest-majors/, and `vitest run` replays the example router
 * suite and runs the matchers. A project without vitest must fail with one line naming the fix.
 *
 *   node scripts/check-vitest-majors.ts     one line per project; exit 1 when any check fails
 *
 * Projects that fail are kept (their folder is printed) to reproduce the failure in.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadSuites } from '../src/suite/load.ts';
import { packTarball } from '../test/support/packed.ts';
import { CheckFailed, exec, finish, install, line, run, step, suitesAndFixtures, versionOf, type Installed, type Outcome } from './project-checks.ts';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// What to install comes from the declared peer range, so widening the range widens the check.
const carets = [...manifest.peerDependencies.vitest!.matchAll(/\^(\d+)\.(\d+)\.(\d+)/g)];
const targets = [
  ...carets.map(([, major]) => `^${major}`),
  // The floor matters as much as the newest: vitest 3.0 and 3.1 declare their types differently.
  carets
    .map(([, ...v]) => v.map(Number))
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!)[0]!
    .join('.'),
];
// The users' compiler and Node types are the ones this repository is checked with.
// msw: the kits' other optional peer, which a project that uses them installs.
const toolDeps = {
  typescript: manifest.devDependencies.typescript!,
  '@types/node': manifest.devDependencies['@types/node']!,
  msw: manifest.devDependencies.msw!,
};

const router = path.join(root, 'examples/ticket-router');
const [routerSuite] = await loadSuites([path.join(router, 'suites/router.yaml')]);
const routerCases = routerSuite!.cases.length;

/** A user's config: strict, nodenext, libraries not re-checked. */
const tsconfig = {
  compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', skipLibCheck: true, noEmit: true, types: ['node'] },
  include: ['test'],
};

/** The kit's error without vitest: it names the package and the fix. */
const MISSING_PEER = /^Error: promptgate\/vitest needs vitest\b.*: npm install -D vitest$/;

async function projectFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'tsconfig.json': JSON.stringify(tsconfig, null, 2) };
  for (const name of await readdir(path.join(root, 'test/vitest-majors'))) {
    files[`test/${name}`] = await readFile(path.join(root, 'test/vitest-majors', name), 'utf8');
  }
  Object.assign(files, await suitesAndFixtures(router));
  return files;
}

interface JsonReport {
  numPassedTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

async function checkVitest(range: string, installed: Installed): Promise<Outcome> {
  const outcome: Outcome = { name: `vitest ${range}`, steps: [installed.step], note: '' };
  const dir = installed.dir;
  if (!dir) return outcome;
  outcome.dir = dir;
  outcome.name = `vitest ${await versionOf(dir, 'vitest')} (vite ${await versionOf(dir, 'vite')})`;

  await step(outcome, 'tsc', () => run(dir, 'npx', ['tsc', '--noEmit', '-p', '.']));
  // skipLibCheck also hides errors in the package's own .d.ts, where an augmentation that does not
  // fit this vitest's declarations fails; check them again without it (vitest's own are not ours).
  await step(outcome, 'tsc lib', async () => {
    const { stdout } = await exec('npx', ['tsc', '--noEmit', '-p', '.', '--skipLibCheck', 'false'], { cwd: dir, maxBuffer: 64 << 20 }).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
    );
    const ours = stdout.split('\n').filter((l) => l.startsWith('node_modules/promptgate/'));
    if (ours.length) throw new CheckFailed(`promptgate's declarations do not compile against this vitest:\n${ours.join('\n')}`);
  });

  await step(outcome, 'vitest run', async () => {
    const reportFile = path.join(dir, 'vitest-report.json');
    const ran = await run(dir, 'npx', ['vitest', 'run', '--reporter=json', `--outputFile=${reportFile}`]).catch((e: CheckFailed) => e);
    const report = await readFile(reportFile, 'utf8').then(
      (text) => JSON.parse(text) as JsonReport,
      () => undefined,
    );
    if (!report) throw ran instanceof CheckFailed ? ran : new CheckFailed('vitest wrote no report');
    const results = report.testResults.flatMap((f) => f.assertionResults);
    const problems = [
      ...report.testResults.filter((f) => f.status !== 'passed' && f.message).map((f) => `${path.relative(dir, f.name)}: ${f.message}`),
      ...results.filter((r) => r.status !== 'passed').map((r) => `${r.status}: ${r.fullName}\n${r.failureMessages.join('\n')}`),
    ];
    if (problems.length) throw new CheckFailed(problems.join('\n'));
    // A describeSuite that registered nothing would pass everything it ran.
    const suiteTests = results.filter((r) => r.fullName.includes('ticket-router/')).length;
    if (suiteTests !== routerCases) throw new CheckFailed(`describeSuite ran ${suiteTests} of the router suite's ${routerCases} cases`);
    if (ran instanceof CheckFailed) throw ran;
    outcome.note = `${report.numPassedTests} tests passed`;
  });
  return outcome;
}

/** Without vitest: the rest of the package loads, and the vitest kit names the fix. */
async function checkWithoutVitest(installed: Installed): Promise<Outcome> {
  const outcome: Outcome = { name: 'no vitest', steps: [installed.step], note: '' };
  const dir = installed.dir;
  if (!dir) return outcome;
  outcome.dir = dir;
  await step(outcome, 'import', async () => {
    await run(dir, 'node', ['--input-type=module', '-e', "await import('promptgate'); await import('promptgate/msw')"]);
    const kit = await exec('node', ['-e', "import('promptgate/vitest')"], { cwd: dir }).then(
      () => ({ failed: false, stderr: '' }),
      (e: { stderr?: string }) => ({ failed: true, stderr: e.stderr ?? '' }),
    );
    // Node prints the source line and stack frames around the error; the lines naming an error are what it says.
    const errors = kit.stderr.split('\n').filter((l) => /^\w*Error\b/.test(l));
    if (!kit.failed || errors.length !== 1 || !MISSING_PEER.test(errors[0]!) || /ERR_MODULE_NOT_FOUND/.test(kit.stderr)) {
      throw new CheckFailed(
        `import('promptgate/vitest') without vitest should fail with one error line matching ${MISSING_PEER}, but ${kit.failed ? `printed:\n${kit.stderr}` : 'succeeded'}`,
      );
    }
    outcome.note = errors[0]!;
  });
  return outcome;
}

const started = performance.now();
const tarball = await packTarball();
console.log(`packed ${path.basename(tarball)} in ${((performance.now() - started) / 1000).toFixed(1)}s; vitest ${targets.join(', ')} and none`);

// One project at a time: on two cores installs side by side are no faster, and each step's time is its own.
const files = await projectFiles();
const outcomes: Outcome[] = [];
for (const range of targets) {
  outcomes.push(await checkVitest(range, await install(files, { vitest: range, ...toolDeps })));
  console.log(line(outcomes.at(-1)!));
}
outcomes.push(await checkWithoutVitest(await install({}, { msw: toolDeps.msw })));
console.log(line(outcomes.at(-1)!));

await finish(outcomes, tarball, started);
