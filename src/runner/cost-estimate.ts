/**
 * What a planned run may cost, before any message is sent. Input tokens come from count_tokens
 * (free, and the API's own count); output is max_tokens (the worst case) or, for the expected
 * figure, the usage recorded in the case's cassette when there is one. A rubric's grading call
 * is counted with the whole worst-case answer as its input.
 */
import type Anthropic from '@anthropic-ai/sdk';
import pLimit from 'p-limit';
import { gradingRequest, rubricModel } from '../assertions/rubric.ts';
import { cassetteFile, readCassette, type CallId } from '../cassette/cassette.ts';
import { charsPerToken } from '../models/tokenizer.ts';
import { callCost } from '../pricing/cost.ts';
import { usageFrom, type Usage } from '../run-result.ts';
import type { AssertionSpec, Case } from '../suite/types.ts';
import { CallError, type Call } from '../transport/types.ts';
import type { Plan, PlannedCase } from './plan.ts';
import { sampleCall } from './sample.ts';
import { requestBytes, worstCall, type WorstCall } from './worst-case.ts';

/**
 * `apiVersion`: the `anthropic-version` the case sends, which count_tokens is asked under too.
 * `signal`: the run's interrupt; a count in flight is cut and the promise rejects.
 */
export type TokenCounter = (params: Anthropic.MessageCreateParamsNonStreaming, apiVersion?: string, signal?: AbortSignal) => Promise<number>;

export interface EstimateSources {
  countTokens: TokenCounter;
  /** Usage recorded for a call (from its cassette), when there is a recording. */
  recordedUsage?: (id: CallId) => Promise<Usage | undefined>;
  /** Priced at the Message Batches API's half rate. */
  batch?: boolean;
  /** `--changed`: whether a call replays from a recording that still matches it (free, not sent). */
  replays?: (call: Call) => Promise<boolean>;
}

export interface CostEstimate {
  /** Expected dollars for the whole plan: recorded usage where known, else the worst case. */
  totalUsd: number;
  bySuite: Map<string, number>;
  /** Worst case of one sample of a planned case, what the budget reserves while it runs. */
  worstPerSample: Map<Case, number>;
  /** Its calls' shares of it, one attempt each: [0] the case's own call, [i] grader i (Call.index). */
  worstPerCall: Map<Case, WorstCall[]>;
  /** Models with no known price: a cap cannot be enforced for them. */
  unpriced: string[];
  /** How some worst cases were bounded, for the estimate's output (a server tool with no max_uses). */
  notes: string[];
}

interface GraderCall {
  model: string;
  params: Anthropic.MessageCreateParamsNonStreaming;
}

/**
 * count_tokens (with the call's own model: tokenizers differ), or when the endpoint is not there (some
 * gateways), the characters at a cautious rate for the model's tokenizer (src/models/tokenizer.ts).
 * `warn` hears it once. Only a failed call falls back: any other error is a bug and propagates.
 * An answer that came back but cannot be a count is caught in estimatePlan (`implausibleCount`).
 */
export function tokenCounterWithFallback(countTokens: TokenCounter, warn: (message: string) => void): TokenCounter {
  let warned = false;
  return async (params, apiVersion, signal) => {
    try {
      return await countTokens(params, apiVersion, signal);
    } catch (error) {
      if (!(error instanceof CallError) || signal?.aborted) throw error;
      if (!warned) warn(`count_tokens failed (${error.info.message}); estimating input from characters`);
      warned = true;
      return Math.ceil(JSON.stringify([params.system ?? '', params.messages, params.tools ?? []]).length / charsPerToken(params.model));
    }
  };
}

/**
 * The most UTF-8 bytes one token covers, for a floor under a count: long runs of spaces or repeated
 * characters are the longest tokens, and no tokenizer seen has one over 64 bytes.
 */
const MAX_BYTES_PER_TOKEN = 64;

/** Why `counted` cannot be a count of a request of `bytes` bytes, or undefined when it can. */
function implausibleCount(counted: unknown, bytes: number): string | undefined {
  if (typeof counted !== 'number' || !Number.isFinite(counted)) return 'not a number';
  if (!Number.isInteger(counted)) return 'not a whole number';
  if (counted < 0) return 'a negative count';
  if (counted === 0 && bytes > 0) return 'zero for a prompt that is not empty';
  const floor = Math.ceil(bytes / MAX_BYTES_PER_TOKEN);
  if (counted < floor) return `below ${floor}, the fewest tokens that many bytes can be (${MAX_BYTES_PER_TOKEN} bytes a token at most)`;
  return undefined;
}

/**
 * The bytes a count's floor is taken from: the request without base64 payloads (images, PDFs),
 * which count as far fewer tokens than their bytes (an image by its pixels).
 */
function textBytes(params: Anthropic.MessageCreateParamsNonStreaming): number {
  const { model: _model, max_tokens: _max, ...input } = params;
  return Buffer.byteLength(JSON.stringify(input, (key, value: unknown) => (key === 'data' && typeof value === 'string' ? '' : value)));
}

/** Usage from the cassette of a call, if it was recorded: a better guess at output than max_tokens. */
export function recordedUsage(fixturesDir: string): NonNullable<EstimateSources['recordedUsage']> {
  return async (id) => {
    const cassette = await readCassette(cassetteFile(fixturesDir, id)).catch(() => undefined);
    return cassette ? usageFrom(cassette.response.message.usage) : undefined;
  };
}

/** `signal` (the run's interrupt) stops it: no count is asked after it, those in flight are cut, and it rejects. */
export async function estimatePlan(thePlan: Plan, sources: EstimateSources, signal?: AbortSignal): Promise<CostEstimate> {
  const counted = new Map<string, Promise<number>>();
  const count = (params: Anthropic.MessageCreateParamsNonStreaming, apiVersion: string | undefined) => {
    signal?.throwIfAborted();
    const key = JSON.stringify([apiVersion, params]);
    let n = counted.get(key);
    if (!n) counted.set(key, (n = sources.countTokens(params, apiVersion, signal).then((answer) => trusted(answer, params))));
    return n;
  };
  const unpriced = new Set<string>();
  const notes = new Set<string>();
  // A gateway's count_tokens may answer anything: one that cannot be the request's count (0, negative,
  // a fraction, far too few for its bytes) is replaced by the bytes, which no count exceeds, and said.
  const trusted = (answer: number, params: Anthropic.MessageCreateParamsNonStreaming): number => {
    const bytes = requestBytes(params);
    const why = implausibleCount(answer, textBytes(params));
    if (why === undefined) return answer;
    notes.add(
      `count_tokens answered ${JSON.stringify(answer)} for a ${params.model} request of ${bytes} bytes, ${why}: not trusted, so its input is estimated at one token per byte (a safe upper bound)`,
    );
    return bytes;
  };
  const price = (model: string, input: number, output: number, usage?: Usage): number => {
    const cost = callCost(model, usage ?? usageFrom({ input_tokens: input, output_tokens: output }), { batch: sources.batch ?? false });
    if (!cost) unpriced.add(model);
    return cost?.total ?? 0;
  };

  const estimate: CostEstimate = { totalUsd: 0, bySuite: new Map(), worstPerSample: new Map(), worstPerCall: new Map(), unpriced: [], notes: [] };
  // A few at a time: count_tokens has its own rate limit, and a retry storm before the run helps no one.
  const limit = pLimit(4);
  const estimateCase = async (p: PlannedCase): Promise<number> => {
    signal?.throwIfAborted();
    const request = p.case.request;
    // A case whose every sample replays (--changed, unchanged) costs and holds nothing; should one be
    // sent anyway, SampleSpend still checks it against the caps.
    const repeats = Array.from({ length: p.repeat }, (_, i) =>
      sampleCall({ suite: p.suite, case: p.case, repeat: i + 1, samples: p.repeat }, 'case', 0, request, p.case.stream),
    );
    if (sources.replays && (await Promise.all(repeats.map(sources.replays))).every(Boolean)) {
      estimate.worstPerSample.set(p.case, 0);
      return 0;
    }
    const input = await count(request, p.case.apiVersion);
    const graders = graderCalls(p.case);
    const graderInputs = await Promise.all(graders.map(async (g) => (await count(g.params, p.case.apiVersion)) + request.max_tokens));
    const batch = sources.batch ?? false;
    const worstCalls = [worstCall(request, input, batch), ...graders.map((g, i) => worstCall(g.params, graderInputs[i]!, batch))];
    for (const w of worstCalls) {
      price(w.model, 0, 0, w.usage); // notes a model with no price
      for (const note of w.notes ?? []) notes.add(`${p.suite.name}/${p.case.id}: ${note}`);
    }
    const [stepOne, ...worstGraders] = worstCalls.map((w) => w.usd) as [number, ...number[]];
    // A tool loop may send max_turns requests: step k's input counts as step 1's plus k-1 whole answers.
    // Tool results are not known yet; each step reserves its own worst case when it is sent.
    const turns = p.case.toolLoop?.maxTurns ?? 1;
    let worstCase = stepOne;
    for (let k = 1; k < turns; k++) worstCase += worstCall(request, input + k * request.max_tokens, batch).usd;
    estimate.worstPerSample.set(p.case, worstCase + worstGraders.reduce((sum, w) => sum + w, 0));
    estimate.worstPerCall.set(p.case, worstCalls);

    let expected = 0;
    for (let repeat = 1; repeat <= p.repeat; repeat++) {
      const id = { suite: p.suite.name, caseId: p.case.id, ...(p.case.matrix?.apart ? { model: p.case.matrix.model } : {}), repeat };
      const recorded = await sources.recordedUsage?.({ ...id, role: 'case', index: 0 });
      // A recorded loop is expected to take the steps it took then.
      let later = 0;
      for (let k = 1; recorded && k < turns; k++) {
        const step = await sources.recordedUsage?.({ ...id, role: 'case', index: 0, continuation: k });
        if (!step) break;
        later += price(request.model, 0, 0, step);
      }
      expected += recorded ? price(request.model, 0, 0, recorded) + later : worstCase;
      for (let i = 0; i < graders.length; i++) {
        const graded = await sources.recordedUsage?.({ ...id, role: 'grader', index: i + 1 });
        expected += graded ? price(graders[i]!.model, 0, 0, graded) : worstGraders[i]!;
      }
    }
    return expected;
  };
  const planned = thePlan.cases.filter((p) => !p.skip);
  // Queued cases are dropped at once on an interrupt, not each started only to give up.
  signal?.addEventListener('abort', () => limit.clearQueue(), { once: true });
  const expected = await Promise.all(planned.map((p) => limit(() => estimateCase(p))));
  planned.forEach((p, i) => {
    estimate.totalUsd += expected[i]!;
    estimate.bySuite.set(p.suite.name, (estimate.bySuite.get(p.suite.name) ?? 0) + expected[i]!);
  });
  estimate.unpriced = [...unpriced];
  estimate.notes = [...notes];
  return estimate;
}

/** The grading calls a case's rubrics make, with the answer left out (it is added as max_tokens). */
function graderCalls(c: Case): GraderCall[] {
  const rubrics = c.assert.map((s) => (s.name === 'not' ? (s.args as AssertionSpec) : s)).filter((s) => s.name === 'rubric');
  return rubrics.map((s) => {
    const own = (typeof s.args === 'string' ? {} : (s.args ?? {})) as { model?: string; max_tokens?: number };
    const model = rubricModel(own, c.grader);
    const criteria = typeof s.args === 'string' ? s.args : JSON.stringify(s.args);
    return { model, params: gradingRequest(criteria, '', lastUserText(c.request.messages), model, own.max_tokens ?? c.grader.max_tokens) };
  });
}

function lastUserText(messages: Anthropic.MessageParam[]): string {
  const last = messages.findLast((m) => m.role === 'user');
  if (!last) return '';
  return typeof last.content === 'string' ? last.content : last.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
}
