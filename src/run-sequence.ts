/**
 * The one run sequence: load → select → estimate → cap → run → reports → exit code. `promptgate run`,
 * library callers (runSequence) and describeSuite (guardRun, then a test per case) all go through
 * it, so every entry refuses the same selections and holds the same spend caps.
 *
 * Everything a run needs is a value of the run (run-context.ts) or an option: nothing here reads
 * `process` except as the default a library caller gets when it passes no context.
 */
import { outsideLine } from './format/outside-text.ts';
import { costSummaryLines } from '../reporters/cost.ts';
import { ConsoleReporter } from '../reporters/console.ts';
import { publishToGitHub } from '../reporters/github.ts';
import { writeRunReports, type ReportTargets } from '../reporters/index.ts';
import { buildRun, OPTION_WORDING, type BuiltRun, type RunSettings, type Wording } from './build-run.ts';
import { formatUsd } from './format/usd.ts';
import { formatDiagnostic } from './input-error.ts';
import { packageVersion } from './package-root.ts';
import { priceDay } from './pricing/price-table.ts';
import { redactingWriter, type Writer } from './redact.ts';
import { inContext, runContext, type RunContext } from './run-context.ts';
import { exitCode, type RunResult } from './run-result.ts';
import { selectCases, type PlanOptions, type Selection } from './runner/plan.ts';
import { INTERRUPT_GRACE_MS, runSuites } from './runner/run.ts';
import { loadSelectableSuites } from './runner/selection-guards.ts';
import { checkSpendCap, type SpendCap } from './runner/spend-cap.ts';
import type { Suite } from './suite/types.ts';
import { refuseUnknownModels } from './suite/unknown-models.ts';
import { batchProgressLine } from './transport/batch-progress.ts';
import { DEFAULT_FIXTURES } from './cassette/file-name.ts';
import { sdkMismatch } from './models/api-version.ts';

/** Written by the reporters; exported here, with the run sequence, for library callers. */
export { writeRunReports };

export interface SequenceOptions extends Omit<RunSettings, 'env' | 'mode' | 'fixtures' | 'onBatchProgress' | 'onWarning'>, Omit<PlanOptions, 'env'> {
  /** Default `replay`, as `promptgate run`: from recordings, offline. */
  mode?: RunSettings['mode'] | undefined;
  /** Suite files or folders. */
  paths: string[];
  /** Default `fixtures/`. */
  fixtures?: string | undefined;
  concurrency?: number | undefined;
  maxCostUsd?: number | undefined;
  apiVersion?: string | undefined;
  /** Report files to write (as `--junit` etc.). */
  reports?: ReportTargets | undefined;
  /** Interrupts the run: nothing new is sent, calls in flight get a grace (a first Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** Cuts calls in flight at once (a second Ctrl-C). */
  cut?: AbortSignal | undefined;
  /** Progress, the estimate, the summary and what was written. Default: nothing printed. */
  stdout?: Writer | undefined;
  /** Warnings and lost reports. Default: nothing printed. */
  stderr?: Writer | undefined;
  /** How the caller's users name modes and options. Default: option names. */
  wording?: Wording | undefined;
  /** How the caller's users name --model and --grader-model, for an unknown id. */
  modelNames?: { model: string; graderModel: string } | undefined;
}

export interface SequenceOutcome {
  result: RunResult;
  exitCode: number;
  /** The report files written, as named in `reports`. */
  written: string[];
}

/**
 * What every entry runs before anything is sent: the selection's guards (a run of nothing, only: in
 * CI), then the estimate and the spend cap (--max-cost, a suite's max_cost_usd). Throws InputError
 * on a refusal. The estimate stops asking count_tokens once `signal` aborts.
 */
export async function guardRun(
  suites: Suite[],
  planned: PlanOptions,
  built: BuiltRun,
  maxCostUsd: number | undefined,
  signal?: AbortSignal,
): Promise<{ selection: Selection; cap: SpendCap | undefined }> {
  const selection = selectCases(suites, planned);
  const cap = await checkSpendCap(suites, { ...planned, maxCostUsd }, built.costSources, signal);
  return { selection, cap };
}

/** Runs suites as `promptgate run` does, in `context` (default: the process's cwd, env and price file). */
export async function runSequence(options: SequenceOptions, context: RunContext = runContext({ apiKey: options.apiKey })): Promise<SequenceOutcome> {
  return inContext(context, () => sequence(options, context));
}

async function sequence(options: SequenceOptions, context: RunContext): Promise<SequenceOutcome> {
  const out = options.stdout ? redactingWriter(options.stdout, context.secrets) : undefined;
  const err = options.stderr ? redactingWriter(options.stderr, context.secrets) : undefined;
  const names = options.modelNames ?? { model: 'models', graderModel: 'graderModel' };
  // An id nothing knows is refused now, not answered with a 404 after money was spent on the others.
  for (const [name, ids] of [
    [names.model, options.models ?? []],
    [names.graderModel, options.graderModel ? [options.graderModel] : []],
  ] as const)
    refuseUnknownModels(name, ids, priceDay());
  const mode = options.mode ?? 'replay';
  const built = buildRun(
    {
      mode,
      fixtures: options.fixtures ?? DEFAULT_FIXTURES,
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeoutMs: options.timeoutMs,
      record: options.record,
      changed: options.changed,
      env: context.env,
      onBatchProgress: (batch) => void out?.write(`${outsideLine(batchProgressLine(batch))}\n`),
      onWarning: (message) => void err?.write(`promptgate: ${outsideLine(message)}\n`),
    },
    options.wording ?? OPTION_WORDING,
  );
  // Listening from before the suites load until the run is over, and only then: an interrupt during the
  // estimate still ends in an interrupted run (exit 3), and the bin reads an unheard signal as "no run is on".
  const interrupt = new AbortController();
  const cut = new AbortController();
  const onInterrupt = () => {
    // The bin names the signal (`again: 'Ctrl-C'`); a library caller cuts through its `cut` signal.
    const again = (options.signal?.reason as { again?: unknown } | undefined)?.again;
    out?.write(
      `promptgate: calls in flight get ${INTERRUPT_GRACE_MS / 1000} s to answer; ${typeof again === 'string' ? `${again} again` : 'aborting `cut`'} cuts them now\n`,
    );
    interrupt.abort(options.signal?.reason);
  };
  const onCut = () => cut.abort(options.cut?.reason);
  options.signal?.addEventListener('abort', onInterrupt);
  options.cut?.addEventListener('abort', onCut);
  if (options.signal?.aborted) onInterrupt();
  if (options.cut?.aborted) onCut();
  const reporter = out ? new ConsoleReporter({ out, summaryLines: costSummaryLines, env: context.env }) : undefined;
  let result: RunResult;
  let empty: string | undefined;
  try {
    // A shard resolves only its own cases (LoadOptions.shard).
    const suites = await loadSelectableSuites(options.paths, options.allowEmpty, {
      apiVersion: options.apiVersion,
      models: options.models,
      ...(options.shard ? { shard: { shard: options.shard, models: options.models ?? [] } } : {}),
    });
    // Warnings refuse nothing; said before the run, each at its line, as validate says them.
    for (const w of suites.flatMap((s) => s.warnings ?? [])) err?.write(formatDiagnostic(w).replace(': error: ', ': warning: ') + '\n');
    const mismatch = sdkMismatch(context.cwd);
    if (mismatch) err?.write(`promptgate: warning: ${outsideLine(mismatch)}\n`);
    const planned: PlanOptions = {
      filter: options.filter,
      tags: options.tags,
      shard: options.shard,
      repeat: options.repeat,
      models: options.models,
      graderModel: options.graderModel,
      allowEmpty: options.allowEmpty,
      allowOnly: options.allowOnly,
      names: options.names,
      env: context.env,
    };
    const { selection, cap } = await guardRun(suites, planned, built, options.maxCostUsd, interrupt.signal);
    empty = selection.empty;
    if (cap)
      out?.write(
        `promptgate: estimated cost ${formatUsd(cap.estimate.totalUsd)}${options.maxCostUsd !== undefined ? ` (cap ${formatUsd(options.maxCostUsd)})` : ''}\n`,
      );
    for (const note of cap?.estimate.notes ?? []) out?.write(`promptgate: estimate: ${outsideLine(note)}\n`);
    result = await runSuites(suites, {
      transport: built.transport,
      mode,
      concurrency: options.concurrency ?? built.concurrency,
      ...planned,
      ...(cap ? { budget: cap.budget } : {}),
      signal: interrupt.signal,
      cut: cut.signal,
      ...(reporter ? { onEvent: reporter.onEvent } : {}),
      toolVersion: packageVersion,
      apiVersion: options.apiVersion,
    });
  } finally {
    options.signal?.removeEventListener('abort', onInterrupt);
    options.cut?.removeEventListener('abort', onCut);
  }
  reporter?.summary(result);
  if (built.changed) out?.write(changedLines(built.changed.split()));
  if (empty)
    out?.write(
      `promptgate: ran nothing: ${outsideLine(empty)} (passing only because of ${(options.names ?? { allowEmpty: 'allowEmpty: true' }).allowEmpty})\n`,
    );
  const reported = await writeRunReports(result, options.reports ?? {}, exitCode(result), { wroteTo: out, stderr: err, cwd: context.cwd });
  await publishToGitHub(result, context.env, (line) => void out?.write(line), context.cwd);
  return { result, ...reported };
}

/** What --changed sent to the API (stale or missing recordings) and what it replayed (unchanged). */
function changedLines(split: { called: string[]; replayed: string[] }): string {
  const list = (ids: string[]) => (ids.length ? `: ${outsideLine(ids.join(', '))}` : '');
  const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;
  // Said plainly, not as "called the API for 0 cases": a PR that changed no case sends nothing and pays nothing.
  if (split.called.length === 0)
    return `promptgate: --changed: nothing changed: every recording matches its request, so nothing was sent to the API; replayed ${cases(split.replayed.length)}\n`;
  return (
    `promptgate: --changed: called the API for ${split.called.length} case${split.called.length === 1 ? '' : 's'} (stale or missing recordings)${list(split.called)}\n` +
    `promptgate: --changed: replayed ${split.replayed.length} unchanged case${split.replayed.length === 1 ? '' : 's'}${list(split.replayed)}\n`
  );
}
