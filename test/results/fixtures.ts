/** Hand-built RunResults for merge and compare tests: small, explicit, and valid to readRunResult. */
import { pickShard } from '../../src/runner/shard.ts';
import { RESULT_VERSION, type CallRecord, type CaseResult, type RunResult, type Status, type SuiteResult } from '../../src/run-result.ts';

export interface CaseSpec {
  id: string;
  status?: Status;
  latencyMs?: number;
  model?: string;
  input?: number;
  output?: number;
  grader?: boolean;
}

export function call(latencyMs: number, model = 'claude-haiku-4-5', input = 1000, output = 200, role: CallRecord['role'] = 'case'): CallRecord {
  return {
    role,
    model,
    latencyMs,
    batch: false,
    usage: {
      input_tokens: input,
      output_tokens: output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_5m_input_tokens: 0,
      cache_creation_1h_input_tokens: 0,
    },
  };
}

export function caseResult(spec: CaseSpec, index: number): CaseResult {
  const status = spec.status ?? 'passed';
  const calls = [call(spec.latencyMs ?? 400 + index * 10, spec.model, spec.input, spec.output)];
  if (spec.grader) calls.push(call(900, 'claude-sonnet-4-5', 500, 50, 'grader'));
  return {
    id: spec.id,
    line: 10 + index * 6,
    col: 5,
    tags: [],
    status,
    repeat: 1,
    minPassRate: 1,
    ...(status === 'passed' || status === 'failed' ? { passRate: status === 'passed' ? 1 : 0 } : {}),
    flaky: false,
    durationMs: 5,
    samples: [
      {
        repeat: 1,
        status,
        assertions: [
          {
            name: 'contains',
            negated: false,
            pass: status === 'passed',
            score: status === 'passed' ? 1 : 0,
            weight: 1,
            reason: status === 'passed' ? 'found' : 'not found',
            line: 12 + index * 6,
            col: 9,
          },
        ],
        calls: status === 'errored' ? [] : calls,
        ...(status === 'errored' && { error: { type: 'api_error', message: 'overloaded', status: 529 } }),
        durationMs: 5,
      },
    ],
  };
}

export function suite(name: string, cases: (CaseSpec | string)[], digest = `${name}-v1`): SuiteResult {
  return { file: `suites/${name}.yaml`, name, digest, cases: cases.map((c, i) => caseResult(typeof c === 'string' ? { id: c } : c, i)) };
}

export function run(suites: SuiteResult[], over: Partial<RunResult> = {}): RunResult {
  return {
    version: RESULT_VERSION,
    tool: { name: 'promptgate', version: '0.1.0' },
    mode: 'replay',
    startedAt: '2025-06-01T10:00:00.000Z',
    durationMs: 1000,
    suites,
    ...over,
  };
}

/** An unsharded run: three suites, the middle one small enough that some shards get none of it. */
export function fullRun(): RunResult {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
  return run([
    suite(
      'support-triage',
      ids('triage', 12).map((id, i) => ({ id, status: i === 3 ? 'failed' : 'passed' })),
    ),
    suite('greeting', ['hello', 'goodbye']),
    suite(
      'extraction',
      ids('extract', 9).map((id, i) => ({ id, status: i === 2 ? 'errored' : 'passed', grader: i % 2 === 0 })),
    ),
  ]);
}

/**
 * What `run --shard i/n` writes for each shard of `full`: only that shard's cases, suites with
 * none of them left out, each shard started and timed on its own.
 */
export function shardsOf(full: RunResult, total: number): RunResult[] {
  return Array.from({ length: total }, (_, i) => {
    const suites = full.suites
      .map((s) => ({ ...s, cases: pickShard(s.cases, (c) => [s.name, c.id], { index: i + 1, total }) }))
      .filter((s) => s.cases.length > 0);
    const startedAt = new Date(Date.parse(full.startedAt) + i * 7_000).toISOString();
    return { ...full, startedAt, durationMs: 2_000 + i * 500, shard: { index: i + 1, total }, suites };
  });
}
