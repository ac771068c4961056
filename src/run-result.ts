/**
 * RunResult: the one model every reporter, `merge`, `compare` and `report` reads.
 * It is saved as JSON (`--results`), so it is versioned: bump RESULT_VERSION on any change
 * a reader could notice, and keep `readRunResult` able to say why an old file is refused.
 */
import type Anthropic from '@anthropic-ai/sdk';

export const RESULT_VERSION = 1;

export type Mode = 'replay' | 'live' | 'record' | 'batch';
/**
 * passed/failed: the model answered and was judged. errored: no answer could be had (API error,
 * missing or stale recording, interrupted). broken: an answer was had but a check could not judge
 * it (a custom check threw, a grader gave no grade or was cut off): neither the prompt's fault nor
 * the API's, and never reported as either.
 */
export type Status = 'passed' | 'failed' | 'errored' | 'broken' | 'skipped';

export interface RunResult {
  version: typeof RESULT_VERSION;
  tool: { name: 'promptgate'; version: string };
  /**
   * The @anthropic-ai/sdk version that ran and the `anthropic-version` its calls sent (a case
   * pinned to another says so in its own `apiVersion`); absent in files from before promptgate said.
   */
  api?: { sdk: string; version: string };
  mode: Mode;
  startedAt: string;
  durationMs: number;
  /** Why the run stopped early, if it did; what finished is still reported. */
  stopped?: { reason: 'interrupted' | 'budget' | 'deadline'; message: string };
  /** Which shard this run was, and the commit it ran on where the CI says (ci-commit.ts): merge refuses shards of two commits. */
  shard?: { index: number; total: number; commit?: string };
  /** Deprecated or retired models the run called, as of the day it started (src/models/lifecycle.ts). */
  deprecatedModels?: DeprecatedModel[];
  suites: SuiteResult[];
  /**
   * The counts of `suites`, written into the results file for readers outside promptgate (the
   * composite action's outputs). Nothing in promptgate reads it back: it always counts the cases.
   */
  totals?: Totals;
}

export interface DeprecatedModel {
  model: string;
  name: string;
  status: 'deprecated' | 'retired';
  retires?: string;
  successor?: string;
}

export interface SuiteResult {
  file: string;
  name: string;
  /** What the suite asks, hashed (src/suite/digest.ts): of its resolved cases, or of its file's text (`text:`) in a shard's run. */
  digest: string;
  cases: CaseResult[];
}

export interface CaseResult {
  id: string;
  /**
   * The model this result ran under, when the case ran under a model matrix (`models:`, `--model`):
   * each (case, model) pair is its own result, named by caseLabel.
   */
  model?: string;
  /** The `anthropic-version` this case sent, when its suite or case pinned one other than the run's `api.version`. */
  apiVersion?: string;
  name?: string;
  line: number;
  col: number;
  tags: string[];
  status: Status;
  /** Why the case was skipped (skip:, filter, budget, interruption). */
  reason?: string;
  /**
   * The request sent differs from the one written by a 5-minute `cache_control` promptgate added at
   * the end of the system prompt or the tools (automatic prefix caching; `cache: false` turns it off).
   */
  cacheControlAdded?: 'system' | 'tools';
  repeat: number;
  minPassRate: number;
  /** Passed samples / judged samples; absent when nothing was judged. */
  passRate?: number;
  /** Flaky: some samples passed and some failed. */
  flaky: boolean;
  /** The case's own wall time: from its start to its last sample's end (waits for a request slot included). */
  durationMs: number;
  /** When the case started, in ms from the run's start: a suite's wall time is read from it (reporters/timing.ts). */
  startMs?: number;
  samples: SampleResult[];
}

export interface SampleResult {
  repeat: number;
  status: Status;
  score?: number;
  output?: SampleOutput;
  /**
   * The answer of the recording this run overwrote (record) or found stale (`--live --changed`), its usage and cost, and the verdict
   * the current checks give it (absent when a check needs a grader, which is not asked again).
   */
  previous?: PreviousAnswer;
  assertions: AssertionResult[];
  /** Every API call made for this sample: the case's own and its graders'. */
  calls: CallRecord[];
  error?: RunError;
  durationMs: number;
  /**
   * API requests sent for this sample, its case call's and its graders', first attempts and retries
   * alike; absent in files written before promptgate counted them, and when nothing was sent.
   */
  attempts?: number;
  /** How many of those were retries of a call already tried; absent when none was. */
  retries?: number;
  /** How many of those the API refused with 429 (rate limited); absent when none was. */
  rateLimited?: number;
}

export interface PreviousAnswer {
  output: SampleOutput;
  usage: Usage;
  costUsd?: number;
  status?: Status;
}

export interface SampleOutput {
  text: string;
  thinking?: string;
  /** `server`: a server tool the API ran itself (`server_tool_use`: web_search, web_fetch, ...). */
  toolCalls: { id: string; name: string; input: unknown; server?: true }[];
  stopReason: Anthropic.StopReason | null;
  /** The API's stop_details when it sent any (a refusal's category and explanation); absent otherwise and in older files. */
  stopDetails?: Anthropic.RefusalStopDetails;
  /**
   * A tool-loop case's trajectory, one step a request: what the model answered and the tool results
   * sent back after it. The output's own text, tool calls and stop reason are the last step's.
   */
  steps?: TrajectoryStep[];
}

export interface TrajectoryStep {
  text: string;
  toolCalls: SampleOutput['toolCalls'];
  stopReason: Anthropic.StopReason | null;
  /** The results sent back for this step's tool calls; absent on the step that ended the loop. */
  toolResults?: { toolUseId: string; name: string; content: string; isError: boolean }[];
}

export interface AssertionResult {
  name: string;
  label?: string;
  negated: boolean;
  pass: boolean;
  score: number;
  weight: number;
  reason: string;
  expected?: string;
  actual?: string;
  line: number;
  col: number;
  /** The assertion itself broke (a thrown custom check, a grader with no answer). */
  error?: boolean;
}

export interface CallRecord {
  role: 'case' | 'grader';
  model: string;
  usage: Usage;
  latencyMs: number;
  batch: boolean;
  requestId?: string;
  cassette?: string;
  /** Replayed from a recording a simulator made, not the API: its token counts are estimates (chars/4, no tool-use overhead). */
  source?: 'simulator';
  /** In a run that pays (record, `--changed`), answered from a recording instead of sent: it cost nothing. */
  replayed?: true;
  /**
   * `unknown`: sent, and no answer came back (cut by an interrupt, timed out, its stream dropped), so
   * what the API billed is unknown: `usage` is then the worst case it may bill (the input and
   * max_tokens out), not a measurement, and every cost total counts it so.
   */
  outcome?: 'unknown';
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Cache writes split by TTL when the API reports it; otherwise all count as 5-minute writes. */
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
  /** Of output_tokens, those spent thinking, when the API says (output_tokens_details.thinking_tokens). */
  thinking_tokens?: number;
  /** Server tools used (web searches, fetches), when the API reports any: each search has a fee. */
  server_tool_use?: Anthropic.ServerToolUsage;
  /** `fast` when the call ran in fast mode, priced at the model's fast rates. */
  speed?: 'fast';
  /** Where inference ran, when not `global`: `us` costs more. */
  inference_geo?: string;
}

export interface RunError {
  type: string;
  message: string;
  status?: number;
  requestId?: string;
  /** What to run to fix it, e.g. the command that re-records a stale cassette. */
  hint?: string;
  /** A compact diff, for stale recordings. */
  diff?: string;
  /** The request never left (connection refused, no such host, a header no request carries): nothing can have been billed. */
  notSent?: true;
}

/** How every report names a case: its id, and its model when it ran in a matrix (`billing [claude-opus-4-5]`). */
export function caseLabel(c: { id: string; model?: string | undefined }): string {
  return c.model !== undefined ? `${c.id} [${c.model}]` : c.id;
}

export interface Totals {
  cases: number;
  passed: number;
  failed: number;
  errored: number;
  broken: number;
  skipped: number;
}

export function totals(result: Pick<RunResult, 'suites'>): Totals {
  const t: Totals = { cases: 0, passed: 0, failed: 0, errored: 0, broken: 0, skipped: 0 };
  for (const suite of result.suites) {
    for (const c of suite.cases) {
      t.cases++;
      t[c.status]++;
    }
  }
  return t;
}

/** Cases that did not pass though they ran: the ones every reporter lists and compare counts against a gate. */
export const NOT_PASSING: ReadonlySet<Status> = new Set(['failed', 'errored', 'broken']);

/**
 * The share of cases that passed, of those that ran: errored and broken cases ran and did not pass,
 * so they count against the rate like failures (a run that errored everywhere is not "100%").
 */
export function passRateOf(t: Totals): number | undefined {
  const ran = t.passed + t.failed + t.errored + t.broken;
  return ran ? t.passed / ran : undefined;
}

/** Exit code of a finished run, per the CLI contract: errors and early stops outrank failures. */
export function exitCode(result: RunResult): 0 | 1 | 3 {
  const t = totals(result);
  // No verdict for some case (no answer, or a check that could not judge it): the run is not complete.
  if (result.stopped || t.errored > 0 || t.broken > 0) return 3;
  return t.failed > 0 ? 1 : 0;
}

/** Two calls' usage as one (a continued turn's steps): counts add; how the calls ran (speed, geography) is the first's. */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = { ...a };
  // Capped like a count read from the API, so a sum stays one a results file may hold.
  const add = (x: number, y: number) => Math.min(x + y, Number.MAX_SAFE_INTEGER);
  for (const key of USAGE_COUNTS) sum[key] = add(a[key], b[key]);
  if (a.thinking_tokens !== undefined || b.thinking_tokens !== undefined) sum.thinking_tokens = add(a.thinking_tokens ?? 0, b.thinking_tokens ?? 0);
  if (a.server_tool_use || b.server_tool_use) {
    sum.server_tool_use = {
      web_search_requests: add(a.server_tool_use?.web_search_requests ?? 0, b.server_tool_use?.web_search_requests ?? 0),
      web_fetch_requests: add(a.server_tool_use?.web_fetch_requests ?? 0, b.server_tool_use?.web_fetch_requests ?? 0),
    };
  }
  return sum;
}

const USAGE_COUNTS = [
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
  'cache_creation_5m_input_tokens',
  'cache_creation_1h_input_tokens',
] as const;

export function usageFrom(u: Partial<Anthropic.Usage> | null | undefined): Usage {
  const write = count(u?.cache_creation_input_tokens);
  const split = u?.cache_creation;
  const searches = count(u?.server_tool_use?.web_search_requests);
  const fetches = count(u?.server_tool_use?.web_fetch_requests);
  return {
    input_tokens: count(u?.input_tokens),
    output_tokens: count(u?.output_tokens),
    cache_creation_input_tokens: write,
    cache_read_input_tokens: count(u?.cache_read_input_tokens),
    cache_creation_5m_input_tokens: split ? count(split.ephemeral_5m_input_tokens) : write,
    cache_creation_1h_input_tokens: split ? count(split.ephemeral_1h_input_tokens) : 0,
    ...(typeof u?.output_tokens_details?.thinking_tokens === 'number' ? { thinking_tokens: count(u.output_tokens_details.thinking_tokens) } : {}),
    ...(searches || fetches ? { server_tool_use: { web_search_requests: searches, web_fetch_requests: fetches } } : {}),
    ...(u?.speed === 'fast' ? { speed: 'fast' as const } : {}),
    ...(typeof u?.inference_geo === 'string' && u.inference_geo !== 'global' ? { inference_geo: u.inference_geo } : {}),
  };
}

/**
 * A count as the API (or a gateway) reported it, clamped where usage enters to one a cost can hold:
 * no negative (it would open a cap), fraction or NaN, nothing past 2^53 - 1 (the results schema).
 */
function count(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.min(Math.ceil(n), Number.MAX_SAFE_INTEGER) : 0;
}
