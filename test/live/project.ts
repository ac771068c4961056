/** Suites with many cases, and runs of them against the simulator. */
import path from 'node:path';
import { loadSuites } from '../../src/suite/load.ts';
import { runSuites, type RunOptions } from '../../src/runner/run.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import type { RetryPolicy } from '../../src/transport/retry-policy.ts';
import type { RunResult } from '../../src/run-result.ts';

export const KEY = 'sk-ant-fake03-live-secret-do-not-leak-0000000000';

/** Fast retries for tests: the waits are real, so keep them short. */
export const QUICK_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 };

export interface SuiteShape {
  name?: string;
  cases: number;
  /** Every nth case asserts what the echo never says, so it fails. */
  failEvery?: number;
  /** Every nth case streams. */
  streamEvery?: number;
  maxTokens?: number;
  extra?: string;
}

/** `case-<i>` prompts; the default responder echoes them, so `contains: case-<i>` passes. */
export function suiteYaml(shape: SuiteShape): string {
  const lines = [
    `name: ${shape.name ?? 'load'}`,
    'model: claude-haiku-4-5',
    `max_tokens: ${shape.maxTokens ?? 64}`,
    ...(shape.extra ? [shape.extra] : []),
    'cases:',
  ];
  for (let i = 1; i <= shape.cases; i++) {
    const fails = shape.failEvery && i % shape.failEvery === 0;
    const streams = shape.streamEvery && i % shape.streamEvery === 0;
    lines.push(
      `  - id: c${i}`,
      `    prompt: "case-${i}"`,
      ...(streams ? ['    stream: true'] : []),
      '    assert:',
      `      - contains: "${fails ? `never-${i}` : `case-${i}`}"`,
    );
  }
  return lines.join('\n') + '\n';
}

export async function runLive(dir: string, baseURL: string, extra: Partial<Omit<RunOptions, 'transport'>> & { timeoutMs?: number } = {}): Promise<RunResult> {
  const suites = await loadSuites([path.join(dir, 'suites')]);
  const { timeoutMs, ...rest } = extra;
  const transport = new LiveTransport({ apiKey: KEY, baseURL, ...(timeoutMs ? { timeoutMs } : {}) });
  return runSuites(suites, { transport, concurrency: 8, toolVersion: 'test', retry: QUICK_RETRY, ...rest });
}

export function verdicts(result: RunResult): Map<string, string> {
  return new Map(result.suites.flatMap((s) => s.cases.map((c) => [`${s.name}/${c.id}`, c.status] as const)));
}
