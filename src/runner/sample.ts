/** One sample of one case: the call, then its assertions. Failures and errors stay distinct. */
import type Anthropic from '@anthropic-ai/sdk';
import { evaluateAssertions, judgeSample } from '../assertions/evaluate.ts';
import { outputFrom, sampleOutput } from '../assertions/output.ts';
import { callCost } from '../pricing/cost.ts';
import { usageFrom, type CallRecord, type SampleResult } from '../run-result.ts';
import type { Case, Suite } from '../suite/types.ts';
import { runErrorOf } from '../transport/sdk-call.ts';
import type { Call, CallResponse, Transport } from '../transport/types.ts';

export interface SampleJob {
  suite: Suite;
  case: Case;
  /** 1-based. */
  repeat: number;
}

export async function runSample(job: SampleJob, transport: Transport, signal: AbortSignal): Promise<SampleResult> {
  const started = performance.now();
  const calls: CallRecord[] = [];
  let graders = 0;
  const send = async (role: Call['role'], params: Anthropic.MessageCreateParamsNonStreaming, stream: boolean): Promise<CallResponse> => {
    const index = role === 'grader' ? ++graders : 0;
    const call: Call = { suite: job.suite.name, suiteFile: job.suite.file, caseId: job.case.id, repeat: job.repeat, role, index, params, stream };
    const answer = await transport.send(call, signal);
    calls.push(callRecord(role, params.model, answer));
    return answer;
  };
  const base = { repeat: job.repeat, calls };
  try {
    const answer = await send('case', job.case.request, job.case.stream);
    const record = calls[0]!;
    const output = outputFrom(answer.message, record.usage, answer.latencyMs, callCost(record.model, record.usage, { batch: record.batch })?.total);
    const assertions = await evaluateAssertions(job.case.assert, {
      suiteDir: job.suite.dir,
      case: job.case,
      output,
      signal,
      grade: async (params) => (await send('grader', params, false)).message,
    });
    const { pass, score } = judgeSample(assertions, job.case.threshold);
    return { ...base, status: pass ? 'passed' : 'failed', score, output: sampleOutput(output), assertions, durationMs: elapsed(started) };
  } catch (error) {
    if (signal.aborted) throw error;
    // A call that got no answer errors the sample; runErrorOf throws anything else (a bug) on, to crash the run.
    return { ...base, status: 'errored', assertions: [], error: runErrorOf(error), durationMs: elapsed(started) };
  }
}

function callRecord(role: CallRecord['role'], model: string, answer: CallResponse): CallRecord {
  return {
    role,
    // The model that answered (a dated id) prices the call, not the alias that was asked for.
    model: answer.message.model || model,
    usage: usageFrom(answer.message.usage),
    latencyMs: answer.latencyMs,
    batch: answer.batch ?? false,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
    ...(answer.cassette ? { cassette: answer.cassette } : {}),
  };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
