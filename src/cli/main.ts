/**
 * The CLI as a function: main(argv, io) parses flags, calls the library and resolves to the exit
 * code. Importing it does nothing; bin/promptgate.js is the one place that touches `process`.
 * Subcommands load lazily.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { REPORT_TARGETS } from '../../reporters/targets.ts';
import { InputError } from '../input-error.ts';
import { outsideLog } from '../format/outside-text.ts';
import { packageVersion } from '../package-root.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import { redactingWriter, secretsOf, withSecrets } from '../redact.ts';
import { importSdk } from '../transport/sdk-peer.ts';
import { fail } from './fail.ts';
import type { Cli, CliIo } from './io.ts';
import { unknownApiVersion } from '../models/api-version.ts';
import { hint } from '../suite/did-you-mean.ts';
import { DEFAULT_FIXTURES } from '../cassette/file-name.ts';

export type { CliIo } from './io.ts';
export { fail } from './fail.ts';
export { redactStreams, secretsOf } from '../redact.ts';

/**
 * Ceilings on flags, so a typo cannot exhaust the machine or wrap a timer: 1e9 repeats would
 * plan a billion samples before anything runs, and Node's timers fire at once above 2^31-1 ms.
 */
const LIMITS = { concurrency: 1_000, repeat: 1_000, timeoutMs: 3_600_000, shards: 1_000 } as const;

/** On every command that prices calls; read in the preAction hook below. */
const PRICES_OPTION = [
  '--prices <file>',
  'rates for models the built-in table lacks, JSON or YAML in $/MTok (default: $PROMPTGATE_PRICES; see docs/pricing.md)',
] as const;

/** On run and validate: the anthropic-version every case sends (and is checked under), over any api_version: pin. */
const API_VERSION_OPTION = [
  '--api-version <version>',
  "the anthropic-version header every case sends and is validated under, over the suites' api_version: (default: the installed @anthropic-ai/sdk's)",
  apiVersion,
] as const;

/**
 * Runs the CLI on `argv` (the arguments after the command name) and resolves to its exit code.
 * Everything the run reads or writes comes from `io`: two calls in one process share nothing.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = secretsOf(io.env);
  // Whatever promptgate prints, no key does: reporters, errors, commander's messages.
  const stdout = redactingWriter(io.stdout, secrets);
  const stderr = redactingWriter(io.stderr, secrets);
  let code = 0;
  let prices: PriceTable | undefined;
  const program = cliProgram({ stdout, stderr }, async (command) => {
    const cli: Cli = { ...io, stdout, stderr, secrets, prices: prices! };
    code = await (await import('../run-context.ts')).inContext(cli, () => command(cli));
  });
  // The price file is read and checked before the command starts, so a bad one is exit 2 before any
  // call; commands without --prices use the built-in table, and --version reads neither.
  program.hook('preAction', async (_program, action) => {
    const file = action.options.some((o) => o.long === '--prices')
      ? ((action.opts() as { prices?: string }).prices ?? (io.env.PROMPTGATE_PRICES || undefined))
      : undefined;
    prices = (await import('../pricing/price-table.ts')).loadPriceTable(file, io.cwd);
  });
  try {
    await withSecrets(secrets, () => program.parseAsync(recordValueOnlyWithEquals(argv), { from: 'user' }));
    return code;
  } catch (error) {
    // Help and --version exit 0; every usage error is bad usage (2), never commander's default 1.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return fail(error, stderr);
  }
}

/**
 * A fresh program per call: commander keeps parsed options on the program, so one is never reused.
 * `runs` gives a command its context (built once preAction has read the price file) and keeps its exit code.
 */
function cliProgram(out: Pick<Cli, 'stdout' | 'stderr'>, runs: (command: (cli: Cli) => Promise<number>) => Promise<void>): Command {
  const program = new Command('promptgate')
    .description('CI prompt-regression harness for the Claude API')
    .version(packageVersion, '-v, --version')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Before any subcommand is made, so each inherits it: help, --version and usage errors go to this run's streams.
    .configureOutput({
      writeOut: (text) => void out.stdout.write(text),
      writeErr: (text) => void out.stderr.write(text),
      outputError: (text, write) => write(outsideLog(text.replace(/^error: /, 'promptgate: error: '))),
    });

  const run = program
    .command('run')
    .description('run suites: offline from recordings by default, or --live against the API')
    .argument('[paths...]', 'suite files or folders', ['suites/'])
    .addOption(new Option('--live', 'call the real API (needs ANTHROPIC_API_KEY; PROMPTGATE_LIVE=0 forbids it)').conflicts(['record', 'batch']))
    .addOption(
      new Option('--record [which]', 'call the API and write cassettes: --record (missing or stale only) or --record=all')
        .argParser(recordWhich)
        // No preset: a bare --record is --record=new by now (recordValueOnlyWithEquals), and help would print the preset.
        .conflicts('batch'),
    )
    .option('--batch', 'run live through the Message Batches API (50% price)')
    .addOption(
      new Option(
        '--changed',
        'with --live or --record: call the API only for cases whose recording is stale or missing (per model), replay the rest',
      ).conflicts('batch'),
    )
    .option(
      '--concurrency <n>',
      'most requests in flight at once, a ceiling (live default: what the rate-limit headers allow)',
      wholeNumber(LIMITS.concurrency),
    )
    .option('--max-cost <usd>', 'stop before spending more than this many dollars', positiveNumber)
    .option('--timeout-ms <n>', 'per-request timeout in milliseconds', wholeNumber(LIMITS.timeoutMs))
    .option('--repeat <n>', 'run every case this many times', wholeNumber(LIMITS.repeat))
    .option('--model <id>', "run every case under this model instead of the suite's (repeatable: once per model); graders keep theirs", collect, [])
    .option('--grader-model <id>', "grade every rubric with this model, over the suite's grader and a rubric's own model:")
    .option('--filter <text>', 'only cases whose suite/id/name contains this text')
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect, [])
    .option('--shard <i/n>', 'run shard I of N (1-based)', shard)
    .option('--allow-empty', 'pass when the selection runs no case (otherwise exit 2)')
    .option('--allow-only', 'run the cases marked only: even when CI is set (otherwise exit 2)')
    .option('--fixtures <dir>', 'cassettes folder', DEFAULT_FIXTURES)
    .option(...API_VERSION_OPTION)
    .option(...PRICES_OPTION);
  withReportOptions(run).action(async (paths: string[], opts) => {
    // The SDK is the project's own (a peer): where it is missing, one line names the fix (exit 2).
    await importSdk('promptgate', (line) => new InputError(line));
    await runs(async (cli) => (await import('./run.ts')).run(paths, opts, cli));
  });

  program
    .command('validate')
    .description('check suites against the schema and semantic rules; makes no calls')
    .argument('[paths...]', 'suite files or folders', ['suites/'])
    .option(...API_VERSION_OPTION)
    .option(...PRICES_OPTION)
    .action(async (paths: string[], opts) => runs(async (cli) => (await import('./validate.ts')).validate(paths, opts, cli)));

  program
    .command('import')
    .description('turn a Console eval export (JSON or CSV) into a suite YAML')
    .argument('<file>', 'the export')
    .option('--prompt <file>', 'the prompt template with {{VAR}} placeholders')
    .option('--out <file>', 'where to write the suite (default: print it)')
    .option('--force', 'with --out: overwrite the suite (and its prompt file) if they exist')
    .option('--name <name>', 'suite name (default: from the file name)')
    .option('--model <model>', 'model for the suite', 'claude-haiku-4-5')
    // The model is checked against the tables, so a model released since is admitted as for run.
    .option(...PRICES_OPTION)
    .action(async (file: string, opts) => runs(async (cli) => (await import('./import.ts')).importExport(file, opts, cli)));

  const renderers = {
    merge: ['merge shard results into one run', '<results...>', () => import('./merge.ts')],
    report: ['render reports from saved results, without re-running', '<results>', () => import('./report.ts')],
  } as const;
  for (const [name, [description, args, load]] of Object.entries(renderers)) {
    withReportOptions(
      program
        .command(name)
        .description(description)
        .argument(args, 'RunResult JSON files')
        .option(...PRICES_OPTION),
    ).action(async (files: string | string[], opts) => runs(async (cli) => (await load()).default([files].flat(), opts, cli)));
  }

  program
    .command('compare')
    .description('compare two runs: regressions, fixes, pass-rate, cost and latency deltas')
    .argument('<base>', 'baseline RunResult JSON (with --recordings: a git ref)')
    .argument('<current>', 'current RunResult JSON (with --recordings: a git ref)')
    .argument('[paths...]', 'with --recordings: the recordings to compare (default: fixtures)')
    .option('--recordings', 'compare the recordings at two git refs: the answers that changed, old against new')
    .option('--markdown <file>', 'also write the comparison as markdown (for a PR comment)')
    .option('--json <file>', 'also write the comparison as JSON: regressions, fixes and the rest, as compare judged them (for scripts)')
    .option(...PRICES_OPTION)
    .action(async (base: string, current: string, paths: string[], opts) =>
      runs(async (cli) => (await import('./compare.ts')).compare(base, current, paths, opts, cli)),
    );

  program
    .command('init')
    .description('scaffold suites/, fixtures/ and a GitHub workflow')
    .option('--force', 'overwrite files that exist')
    .action(async (opts) => runs(async (cli) => (await import('./init.ts')).init(opts, cli)));

  return program;
}

/** --junit, --results, ...: the same report options on every command that writes reports. */
function withReportOptions(command: Command): Command {
  for (const target of Object.values(REPORT_TARGETS)) command.option(target.flag, target.help);
  return command;
}
function wholeNumber(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max.toLocaleString('en-US')}.`);
    return n;
  };
}
/** Dollars written as decimals (5, 0.25): Number() would also take 0x10 as 16 and 1e3 as 1000. */
function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^(?:\d+\.?\d*|\.\d+)$/.test(value.trim()) || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a number above 0, in decimals (5, 0.25).');
  return n;
}
function shard(value: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total || total > LIMITS.shards) {
    throw new InvalidArgumentError(`expected I/N with 1 <= I <= N <= ${LIMITS.shards.toLocaleString('en-US')}, e.g. 2/4.`);
  }
  return { index, total };
}
function apiVersion(value: string): string {
  // The version table is read only when the flag is given, never for --version.
  const why = unknownApiVersion(value);
  if (why) throw new InvalidArgumentError(`${why}.`);
  return value;
}
const RECORD_WHICH = ['new', 'all'];
function recordWhich(value: string): string {
  if (!RECORD_WHICH.includes(value)) throw new InvalidArgumentError(`expected --record or --record=all${hint(value, RECORD_WHICH)}.`);
  return value;
}
/**
 * `--record` takes its value only as `--record=all`: a bare `--record` becomes `--record=new`, so
 * commander's optional value never swallows the path after it (`run --record suites/x.yaml`).
 */
function recordValueOnlyWithEquals(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, i) => (arg === '--record' && (end < 0 || i < end) ? '--record=new' : arg));
}
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
