/** Runs a temp project's suites through the BatchTransport against the simulator. */
import path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { runSuites, type RunOptions } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { BatchTransport, type BatchOptions } from '../../src/transport/batch.ts';
import type { Simulator } from '../support/sim/index.ts';

export const KEY = 'sk-ant-fake03-test-secret-do-not-leak-000000';

export function batchTransport(sim: Simulator, options: Partial<BatchOptions> = {}): BatchTransport {
  return new BatchTransport({ apiKey: KEY, baseURL: sim.url, pollIntervalMs: 10, flushAfterMs: 30, ...options });
}

export async function runBatchMode(dir: string, transport: BatchTransport, extra: Partial<Omit<RunOptions, 'transport'>> = {}) {
  const suites = await loadSuites([path.join(dir, 'suites')]);
  // Concurrency bounds how many calls can wait in one batch, so batch mode runs unbounded.
  return runSuites(suites, { transport, concurrency: Number.POSITIVE_INFINITY, toolVersion: 'test', ...extra });
}

/** The create bodies the simulator received, in order. */
export function createdBatches(sim: Simulator): Anthropic.Messages.BatchCreateParams.Request[][] {
  return sim.requests
    .filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches')
    .map((r) => (r.body as Anthropic.Messages.BatchCreateParams).requests);
}

/** `cases:` YAML for `n` cases that each expect their own echo back. */
export function echoCases(n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `  - id: c${i + 1}\n    prompt: "case number ${i + 1}"\n    assert:\n      - contains: "case number ${i + 1}"\n`,
  ).join('');
}
