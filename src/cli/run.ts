/** `promptgate run`: flags to a run (built by build-run.ts), run, report, and map the outcome to an exit code. */
import { packageVersion } from '../package-root.ts';
import { ConsoleReporter } from '../../reporters/console.ts';
import { costSummaryLines } from '../../reporters/cost.ts';
import { publishToGitHub } from '../../reporters/github.ts';
import type { ReportTargets } from '../../reporters/index.ts';
import { buildRun, type Wording } from '../build-run.ts';
import { exitCode, type Mode, type RunResult } from '../run-result.ts';
import { formatUsd } from '../format/usd.ts';
import { selectCases } from '../runner/plan.ts';
import { INTERRUPT_GRACE_MS, runSuites, type StopReason } from '../runner/run.ts';
import { FLAG_NAMES, loadSelectableSuites } from '../runner/selection-guards.ts';
import { checkSpendCap } from '../runner/spend-cap.ts';
import type { Shard } from '../runner/shard.ts';
import { batchProgressLine } from '../transport/batch-progress.ts';
import { writeCliReports } from './reports.ts';
import { InputError } from '../input-error.ts';
import { priceDay } from '../pricing/price-table.ts';
import { unknownModels } from '../suite/unknown-models.ts';

export interface RunFlags extends ReportTargets {
  live?: boolean;
  record?: 'new' | 'all';
  batch?: boolean;
  concurrency?: number;
  maxCost?: number;
  timeoutMs?: number;
  repeat?: number;
  model: string[];
  graderModel?: string;
  changed?: boolean;
  filter?: string;
  tag: string[];
  shard?: Shard;
  allowEmpty?: boolean;
  allowOnly?: boolean;
  fixtures: string;
  apiVersion?: string;
}

/** The CLI's users name modes by their flags. */
const FLAG_WORDING: Wording = {
  mode: (mode) => `--${mode}`,
  offline: (mode) => `run without --${mode} to replay recordings offline`,
  keyFrom: 'export ANTHROPIC_API_KEY=...; in GitHub Actions, from secrets',
  changed: '--changed',
};

export async function run(paths: string[], flags: RunFlags): Promise<void> {
  // --model and --grader-model take the check a suite's models take: an id nothing knows is exit 2 now, not a 404 later.
  for (const [flag, ids] of [['--model', flags.model ?? []], ['--grader-model', flags.graderModel ? [flags.graderModel] : []]] as const) {
    for (const u of unknownModels(ids.map((model) => ({ model, at: [] })), priceDay())) throw new InputError(`${flag}: ${u.message}`);
  }
  const mode: Mode = flags.batch ? 'batch' : flags.record ? 'record' : flags.live ? 'live' : 'replay';
  const built = buildRun(
    {
      mode,
      fixtures: flags.fixtures,
      timeoutMs: flags.timeoutMs,
      record: flags.record,
      changed: flags.changed,
      onBatchProgress: (batch) => void process.stdout.write(`${batchProgressLine(batch)}\n`),
      onWarning: (message) => void process.stderr.write(`promptgate: ${message}\n`),
    },
    FLAG_WORDING,
  );
  // Listening from before the estimate: a Ctrl-C during it still ends in an interrupted run (exit 3, reports).
  const interrupts = listenForInterrupts();
  const reporter = new ConsoleReporter({ out: process.stdout, summaryLines: costSummaryLines });
  let result: RunResult;
  let empty: string | undefined;
  try {
    // A shard resolves only its own cases (LoadOptions.shard).
    const suites = await loadSelectableSuites(paths, flags.allowEmpty, { apiVersion: flags.apiVersion, ...(flags.shard ? { shard: { shard: flags.shard, models: flags.model } } : {}) });
    const planned = { filter: flags.filter, tags: flags.tag, shard: flags.shard, repeat: flags.repeat, models: flags.model, graderModel: flags.graderModel, allowEmpty: flags.allowEmpty, allowOnly: flags.allowOnly, names: FLAG_NAMES };
    // Refused here (exit 2), before the estimate asks count_tokens anything: a run of nothing, or only: in CI.
    empty = selectCases(suites, planned).empty;
    const cap = await checkSpendCap(suites, { ...planned, maxCostUsd: flags.maxCost }, built.costSources);
    if (cap) process.stdout.write(`promptgate: estimated cost ${formatUsd(cap.estimate.totalUsd)}${flags.maxCost !== undefined ? ` (cap ${formatUsd(flags.maxCost)})` : ''}\n`);
    for (const note of cap?.estimate.notes ?? []) process.stdout.write(`promptgate: estimate: ${note}\n`);
    result = await runSuites(suites, {
      transport: built.transport,
      mode,
      concurrency: flags.concurrency ?? built.concurrency,
      ...planned,
      ...(cap ? { budget: cap.budget } : {}),
      signal: interrupts.signal,
      cut: interrupts.cut,
      onEvent: reporter.onEvent,
      toolVersion: packageVersion,
      apiVersion: flags.apiVersion,
    });
  } finally {
    interrupts.close();
  }
  reporter.summary(result);
  if (built.changed) process.stdout.write(changedLines(built.changed.split()));
  if (empty) process.stdout.write(`promptgate: ran nothing: ${empty} (passing only because of --allow-empty)\n`);
  await writeCliReports(result, flags, exitCode(result), process.stdout);
  await publishToGitHub(result);
}

/** What --changed sent to the API (stale or missing recordings) and what it replayed (unchanged). */
function changedLines(split: { called: string[]; replayed: string[] }): string {
  const list = (ids: string[]) => (ids.length ? `: ${ids.join(', ')}` : '');
  const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;
  // Said plainly, not as "called the API for 0 cases": a PR that changed no case sends nothing and pays nothing.
  if (split.called.length === 0) return `promptgate: --changed: nothing changed: every recording matches its request, so nothing was sent to the API; replayed ${cases(split.replayed.length)}\n`;
  return `promptgate: --changed: called the API for ${split.called.length} case${split.called.length === 1 ? '' : 's'} (stale or missing recordings)${list(split.called)}\n` +
    `promptgate: --changed: replayed ${split.replayed.length} unchanged case${split.replayed.length === 1 ? '' : 's'}${list(split.replayed)}\n`;
}

/**
 * SIGINT and SIGTERM during a run: the first interrupts it (nothing new is sent, calls in flight get
 * INTERRUPT_GRACE_MS to answer), the second cuts those calls at once; either way the reports are
 * written and the exit code is 3. A third falls to Node's default and ends the process.
 */
function listenForInterrupts(): { signal: AbortSignal; cut: AbortSignal; close: () => void } {
  const interrupt = new AbortController();
  const cut = new AbortController();
  const close = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const name = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    const why: StopReason = { reason: 'interrupted', message: `interrupted (${name})` };
    if (interrupt.signal.aborted) {
      close();
      cut.abort(why);
      return;
    }
    interrupt.abort(why);
    process.stdout.write(`promptgate: calls in flight get ${INTERRUPT_GRACE_MS / 1000} s to answer; ${name} again cuts them now\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: interrupt.signal, cut: cut.signal, close };
}
