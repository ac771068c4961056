/** `promptgate run`: pick the transport for the mode, run, report, and map the outcome to an exit code. */
import type Anthropic from '@anthropic-ai/sdk';
import { packageVersion } from '../package-root.ts';
import { ConsoleReporter } from '../../reporters/console.ts';
import { costSummaryLines } from '../../reporters/cost.ts';
import { publishToGitHub } from '../../reporters/github.ts';
import { writeReports, type ReportTargets } from '../../reporters/index.ts';
import { cassetteFile, readCassette, type CallId } from '../cassette/cassette.ts';
import { exitCode, usageFrom, type Mode, type Usage } from '../run-result.ts';
import { usd } from '../runner/budget.ts';
import type { TokenCounter } from '../runner/cost-estimate.ts';
import { runSuites, type StopReason } from '../runner/run.ts';
import { checkSpendCap } from '../runner/spend-cap.ts';
import type { Shard } from '../runner/shard.ts';
import { InputError } from '../input-error.ts';
import { loadSuites } from '../suite/load.ts';
import { BatchTransport } from '../transport/batch.ts';
import { batchProgressLine } from '../transport/batch-progress.ts';
import { LiveTransport } from '../transport/live.ts';
import { RecordTransport } from '../transport/record.ts';
import { ReplayTransport } from '../transport/replay.ts';
import { runErrorOf } from '../transport/sdk-call.ts';
import type { Transport } from '../transport/types.ts';

export interface RunFlags extends ReportTargets {
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
}

/**
 * Live: a tier-1 account may make 50 requests a minute; at the 3-6 s a typical call takes, 4 in
 * flight is 40-80 a minute, about that limit. The adaptive limit only ever lowers it (on 429s),
 * so a higher tier raises it with --concurrency.
 */
const DEFAULT_CONCURRENCY: Record<Mode, number> = {
  replay: 16,
  live: 4,
  record: 4,
  // A batch holds the calls waiting at the same moment, so a limit would only shrink batches.
  batch: Number.POSITIVE_INFINITY,
};

export async function run(paths: string[], flags: RunFlags): Promise<void> {
  const mode: Mode = flags.batch ? 'batch' : flags.record ? 'record' : flags.live ? 'live' : 'replay';
  const { transport, live } = makeTransport(mode, flags);
  const suites = await loadSuites(paths);
  const planned = { filter: flags.filter, tags: flags.tag, shard: flags.shard, repeat: flags.repeat };
  // Replay costs nothing, so caps only bind when calls are paid for.
  const cap = live
    ? await checkSpendCap(suites, { ...planned, maxCostUsd: flags.maxCost }, { countTokens: tokenCounter(live), recordedUsage: recordedUsage(flags.fixtures), batch: mode === 'batch' })
    : undefined;
  if (cap) process.stdout.write(`promptgate: estimated cost $${usd(cap.estimate.totalUsd)}${flags.maxCost !== undefined ? ` (cap $${usd(flags.maxCost)})` : ''}\n`);

  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort({ reason: 'interrupted', message: 'interrupted (Ctrl-C)' } satisfies StopReason);
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);

  const reporter = new ConsoleReporter({ out: process.stdout, summaryLines: costSummaryLines });
  const result = await runSuites(suites, {
    transport,
    mode,
    concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY[mode],
    ...planned,
    ...(cap ? { budget: cap.budget } : {}),
    signal: interrupt.signal,
    onEvent: reporter.onEvent,
    toolVersion: packageVersion,
  }).finally(() => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  });
  reporter.summary(result);
  const written = await writeReports(result, flags);
  for (const file of written) process.stdout.write(`wrote ${file}\n`);
  await publishToGitHub(result);
  process.exitCode = exitCode(result);
}

function makeTransport(mode: Mode, flags: RunFlags): { transport: Transport; live?: LiveTransport } {
  const replay = new ReplayTransport(flags.fixtures);
  if (mode === 'replay') return { transport: replay };
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
  if (mode === 'record') return { transport: new RecordTransport(replay, live, flags.record ?? 'new'), live };
  if (mode === 'batch') {
    const onProgress = (b: Anthropic.Messages.MessageBatch) => void process.stdout.write(`${batchProgressLine(b)}\n`);
    return { transport: new BatchTransport({ apiKey, ...(flags.timeoutMs ? { deadlineMs: flags.timeoutMs } : {}), onProgress }), live };
  }
  return { transport: live, live };
}

/** count_tokens, or when the endpoint is not there (some gateways), a cautious ~3 characters a token. */
function tokenCounter(live: LiveTransport): TokenCounter {
  let warned = false;
  return async (params) => {
    try {
      return await live.countTokens(params);
    } catch (error) {
      if (!warned) process.stderr.write(`promptgate: count_tokens failed (${runErrorOf(error).message}); estimating input from characters\n`);
      warned = true;
      return Math.ceil(JSON.stringify([params.system ?? '', params.messages, params.tools ?? []]).length / 3);
    }
  };
}

/** Usage from the cassette of a call, if it was recorded: a better guess at output than max_tokens. */
function recordedUsage(fixturesDir: string): (id: CallId) => Promise<Usage | undefined> {
  return async (id) => {
    const cassette = await readCassette(cassetteFile(fixturesDir, id)).catch(() => undefined);
    return cassette ? usageFrom(cassette.response.message.usage) : undefined;
  };
}
