/** The CLI: parse flags, call the library, map outcomes to exit codes. Subcommands load lazily. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { REPORT_TARGETS } from '../../reporters/targets.ts';
import { InputError } from '../input-error.ts';
import { packageVersion } from '../package-root.ts';
import { redactStreams } from '../redact.ts';
import { importSdk } from '../transport/sdk-peer.ts';
import { fail } from './fail.ts';
import { unknownApiVersion } from '../models/api-version.ts';
import { hint } from '../suite/did-you-mean.ts';

// Whatever prints (reporters, errors, the SDK's warnings, a custom check's console.log), no key does.
redactStreams(process.stdout, process.stderr);

/**
 * Ceilings on flags, so a typo cannot exhaust the machine or wrap a timer: 1e9 repeats would
 * plan a billion samples before anything runs, and Node's timers fire at once above 2^31-1 ms.
 */
const LIMITS = { concurrency: 1_000, repeat: 1_000, timeoutMs: 3_600_000, shards: 1_000 } as const;

/** On every command that prices calls; read in the preAction hook below. */
const PRICES_OPTION = ['--prices <file>', 'rates for models the built-in table lacks, JSON or YAML in $/MTok (default: $PROMPTGATE_PRICES; see docs/pricing.md)'] as const;

/** On run and validate: the anthropic-version every case sends (and is checked under), over any api_version: pin. */
const API_VERSION_OPTION = ['--api-version <version>', "the anthropic-version header every case sends and is validated under, over the suites' api_version: (default: the installed @anthropic-ai/sdk's)", apiVersion] as const;

const program = new Command('promptgate')
  .description('CI prompt-regression harness for the Claude API')
  .version(packageVersion, '-v, --version')
  .showSuggestionAfterError(true)
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'promptgate: error: ')) });

const run = program
  .command('run')
  .description('run suites: offline from recordings by default, or --live against the API')
  .argument('[paths...]', 'suite files or folders', ['suites/'])
  .addOption(new Option('--live', 'call the real API (needs ANTHROPIC_API_KEY; PROMPTGATE_LIVE=0 forbids it)').conflicts(['record', 'batch']))
  .addOption(new Option('--record [which]', 'call the API and write cassettes: --record (missing or stale only) or --record=all').argParser(recordWhich).preset('new').conflicts('batch'))
  .option('--batch', 'run live through the Message Batches API (50% price)')
  .addOption(new Option('--changed', 'with --live or --record: call the API only for cases whose recording is stale or missing (per model), replay the rest').conflicts('batch'))
  .option('--concurrency <n>', 'most requests in flight at once (live)', wholeNumber(LIMITS.concurrency))
  .option('--max-cost <usd>', 'stop before spending more than this many dollars', positiveNumber)
  .option('--timeout-ms <n>', 'per-request timeout in milliseconds', wholeNumber(LIMITS.timeoutMs))
  .option('--repeat <n>', 'run every case this many times', wholeNumber(LIMITS.repeat))
  .option('--model <id>', "run every case under this model instead of the suite's (repeatable: once per model); graders keep theirs", collect, [])
  .option('--grader-model <id>', 'grade every rubric with this model, over the suite\'s grader and a rubric\'s own model:')
  .option('--filter <text>', 'only cases whose suite/id/name contains this text')
  .option('--tag <tag>', 'only cases with this tag (repeatable)', collect, [])
  .option('--shard <i/n>', 'run shard I of N (1-based)', shard)
  .option('--allow-empty', 'pass when the selection runs no case (otherwise exit 2)')
  .option('--allow-only', 'run the cases marked only: even when CI is set (otherwise exit 2)')
  .option('--fixtures <dir>', 'cassettes folder', 'fixtures/')
  .option(...API_VERSION_OPTION)
  .option(...PRICES_OPTION);
withReportOptions(run).action(async (paths: string[], opts) => {
  // The SDK is the project's own (a peer): where it is missing, one line names the fix (exit 2).
  await importSdk('promptgate', (line) => new InputError(line));
  return (await import('./run.ts')).run(paths, opts);
});

program
  .command('validate')
  .description('check suites against the schema and semantic rules; makes no calls')
  .argument('[paths...]', 'suite files or folders', ['suites/'])
  .option(...API_VERSION_OPTION)
  .option(...PRICES_OPTION)
  .action(async (paths: string[], opts) => (await import('./validate.ts')).validate(paths, opts));

program
  .command('import')
  .description('turn a Console eval export (JSON or CSV) into a suite YAML')
  .argument('<file>', 'the export')
  .option('--prompt <file>', 'the prompt template with {{VAR}} placeholders')
  .option('--out <file>', 'where to write the suite (default: print it)')
  .option('--force', 'with --out: overwrite the suite (and its prompt file) if they exist')
  .option('--name <name>', 'suite name (default: from the file name)')
  .option('--model <model>', 'model for the suite', 'claude-haiku-4-5')
  .action(async (file: string, opts) => (await import('./import.ts')).importExport(file, opts));

const renderers = {
  merge: ['merge shard results into one run', '<results...>', () => import('./merge.ts')],
  report: ['render reports from saved results, without re-running', '<results>', () => import('./report.ts')],
} as const;
for (const [name, [description, args, load]] of Object.entries(renderers)) {
  withReportOptions(program.command(name).description(description).argument(args, 'RunResult JSON files').option(...PRICES_OPTION))
    .action(async (files: string | string[], opts) => (await load()).default([files].flat(), opts));
}

program
  .command('compare')
  .description('compare two runs: regressions, fixes, pass-rate, cost and latency deltas')
  .argument('<base>', 'baseline RunResult JSON (with --recordings: a git ref)')
  .argument('<current>', 'current RunResult JSON (with --recordings: a git ref)')
  .argument('[paths...]', 'with --recordings: the recordings to compare (default: fixtures)')
  .option('--recordings', 'compare the recordings at two git refs: the answers that changed, old against new')
  .option('--markdown <file>', 'also write the comparison as markdown (for a PR comment)')
  .option(...PRICES_OPTION)
  .action(async (base: string, current: string, paths: string[], opts) => (await import('./compare.ts')).compare(base, current, paths, opts));

program
  .command('init')
  .description('scaffold suites/, fixtures/ and a GitHub workflow')
  .option('--force', 'overwrite files that exist')
  .action(async (opts) => (await import('./init.ts')).init(opts));

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
function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0.');
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

// The price file is read and checked before the command starts, so a bad one is exit 2 before any call;
// commands without --prices (and --version) never read it.
program.hook('preAction', async (_program, action) => {
  if (!action.options.some((o) => o.long === '--prices')) return;
  const file = (action.opts() as { prices?: string }).prices ?? (process.env.PROMPTGATE_PRICES || undefined);
  (await import('../pricing/price-table.ts')).usePriceFile(file);
});

program.exitOverride();
for (const c of program.commands) c.exitOverride();
// An error that escapes every await (a timer, a stray promise: Node raises unhandled rejections
// here too) is still promptgate's bug: exit 4, not Node's default 1, which reads as "a case failed".
process.on('uncaughtException', (error) => {
  fail(error);
  process.exit();
});
try {
  await program.parseAsync(recordValueOnlyWithEquals(process.argv));
} catch (error) {
  // Help and --version exit 0; every usage error is bad usage (2), never commander's default 1.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else fail(error);
}
