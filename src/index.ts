/**
 * promptgate's library API: what `promptgate run` does, for scripts and other tools. runSequence
 * is the run `promptgate run` makes (selection guards, estimate, spend cap, run, reports, exit code):
 *
 *   const { result, exitCode } = await runSequence({ paths: ['suites/'], mode: 'replay', reports: { junit: 'junit.xml' } });
 *   process.exitCode = exitCode;
 *
 * It reads the process's working directory, environment and PROMPTGATE_PRICES unless given a
 * context: runSequence(options, runContext({ cwd, env, prices: 'prices.yaml' })). The steps
 * (loadSuites, buildRun, guardRun, runSuites) stay exported for tools that need one of them.
 *
 * The MSW kit and the vitest integration are `promptgate/msw` and `promptgate/vitest`.
 */
export { loadSuites, type LoadOptions } from './suite/load.ts';
export { apiVersionOfSdk, installedSdkVersion, knownApiVersions } from './models/api-version.ts';
export { InputError, formatDiagnostic, type Diagnostic } from './input-error.ts';
export type { AssertionSpec, AssertionTarget, Case, GraderConfig, Loc, Suite } from './suite/types.ts';
export type { RequestBuilder, RequestBuilderInput } from './suite/request-builder.ts';

export { buildRun, DEFAULT_CONCURRENCY, OPTION_WORDING, type BuiltRun, type RunSettings, type Wording } from './build-run.ts';
export { runSuites, type RunOptions, type StopReason } from './runner/run.ts';
export { plan, selectCases, type CaseChoice, type Plan, type PlanOptions, type PlannedCase, type Selection } from './runner/plan.ts';
export { checkSpendCap, type SpendCap } from './runner/spend-cap.ts';
export { guardRun, runSequence, writeRunReports, type SequenceOptions, type SequenceOutcome } from './run-sequence.ts';
export { inContext, runContext, type Env, type RunContext } from './run-context.ts';
export type { Progress, RunEvent } from './runner/events.ts';

export { ReplayTransport } from './transport/replay.ts';
export { LiveTransport, type LiveOptions } from './transport/live.ts';
export { RecordTransport } from './transport/record.ts';
export { CallError, type Call, type CallResponse, type Transport } from './transport/types.ts';

export { readCassette, writeCassette, cassetteFile, type Cassette, type CallId } from './cassette/cassette.ts';

export { evaluateAssertions, judgeCase, judgeSample } from './assertions/evaluate.ts';
export { registry } from './assertions/registry.ts';
export type { AssertionDef, EvalContext, Output, Verdict } from './assertions/types.ts';

export { callCost, type CostBreakdown } from './pricing/cost.ts';
export { loadPriceTable, priceFor, priceTable, pricesUsed, withPrices, type Price, type PriceTable, type PricesUsed } from './pricing/price-table.ts';
export type { PriceFile, PriceRow, Rates, Tier } from './pricing/rates.ts';

export { mergeResults } from './saved-results/merge.ts';
export { compareRuns, type Comparison } from './saved-results/compare.ts';

export {
  RESULT_VERSION,
  exitCode,
  totals,
  type AssertionResult,
  type CallRecord,
  type CaseResult,
  type Mode,
  type RunError,
  type RunResult,
  type SampleOutput,
  type SampleResult,
  type Status,
  type SuiteResult,
  type Totals,
  type Usage,
} from './run-result.ts';
