/** `promptgate run`: pick the transport for the mode, run, report, and map the outcome to an exit code. */
import pkg from '../../package.json' with { type: 'json' };
import { ConsoleReporter } from '../../reporters/console.ts';
import { costSummaryLines } from '../../reporters/cost.ts';
import { writeReports } from '../../reporters/index.ts';
import { exitCode, type Mode } from '../result.ts';
import { runSuites, type StopReason } from '../runner/run.ts';
import type { Shard } from '../runner/shard.ts';
import { InputError } from '../suite/diagnostics.ts';
import { loadSuites } from '../suite/load.ts';
import { LiveTransport } from '../transport/live.ts';
import { RecordTransport } from '../transport/record.ts';
import { ReplayTransport } from '../transport/replay.ts';
import type { Transport } from '../transport/types.ts';

export interface RunFlags {
  live?: boolean;
  record?: 'new' | 'all';
  batch?: boolean;
  concurrency?: number;
  maxCost?: number;
  timeoutMs?: number;
  repeat?: number;
  filter?: string;
  tag: string[];
  shard?: Shard;
  fixtures: string;
  junit?: string;
  costReport?: string;
  results?: string;
  html?: string;
  markdown?: string;
}

const DEFAULT_CONCURRENCY = { replay: 16, live: 4 } as const;

export async function run(paths: string[], flags: RunFlags): Promise<void> {
  const mode: Mode = flags.batch ? 'batch' : flags.record ? 'record' : flags.live ? 'live' : 'replay';
  const transport = makeTransport(mode, flags);
  const suites = await loadSuites(paths);

  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' } satisfies StopReason);
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);

  const reporter = new ConsoleReporter({ out: process.stdout, summaryLines: costSummaryLines });
  const result = await runSuites(suites, {
    transport,
    mode,
    concurrency: flags.concurrency ?? (mode === 'replay' ? DEFAULT_CONCURRENCY.replay : DEFAULT_CONCURRENCY.live),
    filter: flags.filter,
    tags: flags.tag,
    shard: flags.shard,
    repeat: flags.repeat,
    signal: interrupt.signal,
    onEvent: reporter.onEvent,
    toolVersion: pkg.version,
  }).finally(() => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  });
  reporter.summary(result);
  const written = await writeReports(result, { junit: flags.junit, costReport: flags.costReport, results: flags.results, html: flags.html, markdown: flags.markdown });
  for (const file of written) process.stdout.write(`wrote ${file}\n`);
  process.exitCode = exitCode(result);
}

function makeTransport(mode: Mode, flags: RunFlags): Transport {
  const replay = new ReplayTransport(flags.fixtures);
  if (mode === 'replay') return replay;
  if (process.env.PROMPTGATE_LIVE === '0') {
    throw new InputError(`--${mode === 'live' ? 'live' : mode} is turned off here: PROMPTGATE_LIVE=0. Unset it to call the API, or run without --${mode} to replay recordings offline.`);
  }
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    throw new InputError(
      `--${mode} calls the Claude API and needs ANTHROPIC_API_KEY. Set it (export ANTHROPIC_API_KEY=...; in GitHub Actions, from secrets), or run without --${mode} to replay recordings offline for free.`,
    );
  }
  const live = new LiveTransport({ apiKey, timeoutMs: flags.timeoutMs });
  if (mode === 'record') return new RecordTransport(replay, live, flags.record ?? 'new');
  if (mode === 'batch') throw new InputError('--batch is not available yet');
  return live;
}
