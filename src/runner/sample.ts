/** One sample of one case: the call, then its assertions. Failures and errors stay distinct. */
import type Anthropic from '@anthropic-ai/sdk';
import { evaluateAssertions, judgeSample } from '../assertions/evaluate.ts';
import { outputFrom, sampleOutput, toolCallsOf } from '../assertions/output.ts';
import { formatUsd } from '../format/usd.ts';
import { callCost } from '../pricing/cost.ts';
import {
  addUsage,
  type AssertionResult,
  type CallRecord,
  type PreviousAnswer,
  type RunError,
  type SampleResult,
  type Status,
  type TrajectoryStep,
  type Usage,
} from '../run-result.ts';
import type { Case, Suite } from '../suite/types.ts';
import { runErrorOf } from '../transport/sdk-call.ts';
import { CallError, type Call, type CallResponse } from '../transport/types.ts';
import { callRecord, type SampleSpend } from './sample-spend.ts';
import { runTurn, type Turn } from './turn.ts';

export interface SampleJob {
  suite: Suite;
  case: Case;
  /** 1-based. */
  repeat: number;
  /** How many samples the case runs (its repeat:, or the run's --repeat). */
  samples: number;
}

export interface SampleSignals {
  /** Cuts calls in flight. */
  abort: AbortSignal;
  /** The run was interrupted: nothing new is sent. */
  drain: AbortSignal;
}

export type SendCall = (call: Call, signal: AbortSignal) => Promise<CallResponse>;

/**
 * The call a sample sends: the one place a case's model copy (model-matrix.ts) and a continued turn's
 * steps (turn.ts) name their recordings.
 */
export function sampleCall(
  job: SampleJob,
  role: Call['role'],
  index: number,
  params: Anthropic.MessageCreateParamsNonStreaming,
  stream: boolean,
  continuation = 0,
): Call {
  // Field by field in this order, not a literal with spreads amid its fields, which V8 builds many
  // times slower: every call of a run is one.
  const call = { suite: job.suite.name, suiteFile: job.suite.file, caseId: job.case.id } as Call;
  if (job.case.matrix?.apart) call.model = job.case.matrix.model;
  call.repeat = job.repeat;
  if (job.samples > 1) call.samples = job.samples;
  call.role = role;
  call.index = index;
  if (continuation > 0) call.continuation = continuation;
  call.params = params;
  call.stream = stream;
  if (job.case.apiVersion !== undefined) call.apiVersion = job.case.apiVersion;
  // A grader's request holds the answer, not the case's prompt files.
  if (role === 'case' && job.case.sources) call.sources = job.case.sources;
  if (job.case.attachments) call.attachments = job.case.attachments;
  return call;
}

/**
 * Runs the sample; every call it sends is recorded (and priced) by `spend`. Interrupted, a sample
 * that sent nothing that may be billed throws (it is reported as not run); one that did is kept,
 * errored, so what it may have cost stays in the results.
 */
export async function runSample(job: SampleJob, send: SendCall, spend: SampleSpend, signals: SampleSignals): Promise<SampleResult> {
  const started = performance.now();
  let graders = 0;
  const ask = async (role: Call['role'], params: Anthropic.MessageCreateParamsNonStreaming, stream: boolean, continuation = 0): Promise<CallResponse> => {
    const index = role === 'grader' ? ++graders : 0;
    const answer = await send(sampleCall(job, role, index, params, stream, continuation), signals.abort);
    // Counted as answered (paid) by now; a recording that is not on disk is no verdict a record run can give.
    if (answer.unrecorded !== undefined) throw new CallError({ type: 'recording_not_written', message: answer.unrecorded });
    return answer;
  };
  const base = { repeat: job.repeat, calls: spend.calls };
  try {
    const loop = job.case.toolLoop;
    const turn = await runTurn(job.case.request, (params, continuation) => ask('case', params, job.case.stream, continuation), { tools: loop });
    const { usage, latencyMs, costUsd } = turnFigures(turn, job.case.request.model, spend);
    // A loop's trajectory is part of the answer: trajectory checks read it, and the results keep it.
    const output = outputFrom(turn.message, usage, latencyMs, costUsd);
    if (loop) output.steps = trajectoryOf(turn);
    if (turn.failure !== undefined) {
      // No answer to judge: the loop's own verdict, at the case's tool_loop:, and the trajectory that led there.
      const verdict: AssertionResult = {
        name: 'tool_loop',
        negated: false,
        pass: false,
        score: 0,
        weight: 1,
        reason: turn.failure,
        line: loop!.loc.line,
        col: loop!.loc.col,
      };
      return { ...base, status: 'failed', score: 0, output: sampleOutput(output), assertions: [verdict], durationMs: elapsed(started) };
    }
    const assertions = await evaluateAssertions(job.case.assert, {
      suiteDir: job.suite.dir,
      case: job.case,
      output,
      signal: signals.abort,
      interrupted: signals.drain,
      grade: async (params) => (await ask('grader', params, false)).message,
    });
    const { status, score } = judgeSample(assertions, job.case.threshold);
    const previous = await previousAnswer(job, turn, signals.abort);
    // The fields after the spread one by one: a spread amid a literal's fields is many times slower to build.
    const result = { ...base, status, score, output: sampleOutput(output) } as SampleResult;
    if (previous) result.previous = previous;
    result.assertions = assertions;
    result.durationMs = elapsed(started);
    return result;
  } catch (error) {
    if (signals.drain.aborted || signals.abort.aborted) {
      if (spend.calls.length === 0) throw error;
      return { ...base, status: 'errored', assertions: [], error: interrupted(spend.calls), durationMs: elapsed(started) };
    }
    // A call that got no answer errors the sample; runErrorOf throws anything else (a bug) on, to crash the run.
    return { ...base, status: 'errored', assertions: [], error: runErrorOf(error), durationMs: elapsed(started) };
  }
}

/**
 * The answer of the recordings this sample overwrote (record mode), judged by the current checks so a
 * reviewer sees the verdict change. A grader is not asked about the old answer (it would be paid for):
 * a case with one keeps the old answer and its cost, without a verdict.
 */
async function previousAnswer(job: SampleJob, turn: Turn, signal: AbortSignal): Promise<PreviousAnswer | undefined> {
  const old = turn.steps.flatMap((step) => (step.previous ? [{ message: step.previous, latencyMs: 0 }] : []));
  if (old.length === 0) return undefined;
  const last = old.at(-1)!.message;
  // The answer as runTurn makes the new one: a paused turn's parts joined, what came before the last tool step left to the steps.
  const content = old.flatMap((step, i) => (old.slice(i, -1).some((later) => later.message.stop_reason === 'tool_use') ? [] : step.message.content));
  const { usage, costUsd } = turnFigures({ message: last, steps: old, toolResults: [] }, job.case.request.model);
  const steps = job.case.toolLoop
    ? { steps: old.map(({ message }) => ({ text: textOf(message), toolCalls: toolCallsOf(message), stopReason: message.stop_reason })) }
    : {};
  const output = { ...outputFrom({ ...last, content }, usage, 0, costUsd), ...steps };
  const noGrader = async (): Promise<never> => {
    throw new CallError({ type: 'not_regraded', message: 'the old answer is not graded again' });
  };
  let status: Status | undefined;
  try {
    status = judgeSample(
      await evaluateAssertions(job.case.assert, { suiteDir: job.suite.dir, case: job.case, output, signal, grade: noGrader }),
      job.case.threshold,
    ).status;
  } catch (e) {
    if (!(e instanceof CallError)) throw e;
  }
  return { output: sampleOutput(output), usage, ...(costUsd !== undefined ? { costUsd } : {}), ...(status ? { status } : {}) };
}

function textOf(message: Anthropic.Message): string {
  return message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
}

/**
 * A turn is judged as one answer: a continued one's usage, latency and cost are its steps' sums. A step
 * `spend` answered is priced as it was there, once; others (a previous answer) are priced here.
 */
function turnFigures(turn: Turn, model: string, spend?: SampleSpend): { usage: Usage; latencyMs: number; costUsd: number | undefined } {
  const priced = turn.steps.map((step) => spend?.pricedAnswer(step));
  const records = turn.steps.map((step, i) => priced[i]?.record ?? callRecord('case', model, step));
  const costs = records.map((r, i) => (priced[i] ? priced[i].usd : callCost(r.model, r.usage, { batch: r.batch })?.total));
  return {
    usage: records.map((r) => r.usage).reduce(addUsage),
    latencyMs: records.reduce((sum, r) => sum + r.latencyMs, 0),
    // Unpriced if any step is: never guessed as $0.
    costUsd: costs.some((c) => c === undefined) ? undefined : costs.reduce((sum: number, c) => sum + c!, 0),
  };
}

/** A tool loop's steps as results keep them: each request's answer and the tool results sent after it. */
function trajectoryOf(turn: Turn): TrajectoryStep[] {
  return turn.steps.map(({ message }, i) => {
    const results = turn.toolResults[i];
    return {
      text: textOf(message),
      toolCalls: toolCallsOf(message),
      stopReason: message.stop_reason,
      ...(results ? { toolResults: results } : {}),
    };
  });
}

function interrupted(calls: CallRecord[]): RunError {
  const unknown = calls.filter((c) => c.outcome === 'unknown');
  if (unknown.length === 0) return { type: 'interrupted', message: 'interrupted before the sample was judged; its answered calls are counted' };
  const worst = unknown.reduce((sum, c) => sum + (callCost(c.model, c.usage, { batch: c.batch })?.total ?? 0), 0);
  const n = unknown.length === 1 ? '1 call' : `${unknown.length} calls`;
  return {
    type: 'interrupted',
    message: `sent, outcome unknown: ${n} cut with no answer, counted at the worst case the API may bill (${formatUsd(worst)}: the input and max_tokens out)`,
  };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
