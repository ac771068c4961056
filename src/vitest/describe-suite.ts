/**
 * A YAML suite as vitest tests: one `test` per case, run by the same runner, transports and
 * assertions as `promptgate run`, so a case passes in vitest exactly when it passes in CI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'vitest';
import { packageVersion } from '../package-root.ts';
import { runSuites } from '../runner/run.ts';
import { InputError } from '../input-error.ts';
import { loadSuites } from '../suite/load.ts';
import type { Case, Suite } from '../suite/types.ts';
import { LiveTransport } from '../transport/live.ts';
import { RecordTransport } from '../transport/record.ts';
import { ReplayTransport } from '../transport/replay.ts';
import type { Transport } from '../transport/types.ts';
import { caseFailure } from './case-report.ts';

export interface DescribeSuiteOptions {
  /**
   * `replay` (default): answers from recorded cassettes, offline and free. `live`: the Claude API
   * (needs ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL is honoured). `record`: live for cases without a
   * fresh cassette, which it then writes.
   */
  mode?: 'replay' | 'live' | 'record';
  /** Where cassettes live. Default `fixtures/` under the working directory, as for `promptgate run`. */
  fixtures?: string;
  /** For live and record. Default: ANTHROPIC_API_KEY. */
  apiKey?: string;
  /** For live and record. Default: ANTHROPIC_BASE_URL, else the API. */
  baseURL?: string;
  /** Only cases whose `suite/id` or name contains this text (as `--filter`). */
  filter?: string;
  /** Only cases with one of these tags (as `--tag`). */
  tags?: string[];
  /** Overrides every case's `repeat:`. */
  repeat?: number;
  /** Per test. Default: vitest's testTimeout. */
  timeout?: number;
}

/**
 * Registers a `describe` for the suite file (or every suite under a folder) with a test per case.
 * Relative paths resolve against the working directory; pass `new URL('./x.yaml', import.meta.url)`
 * to resolve against the test file.
 */
export function describeSuite(file: string | URL, options: DescribeSuiteOptions = {}): void {
  const target = file instanceof URL ? fileURLToPath(file) : file;
  describe(path.relative(process.cwd(), path.resolve(target)) || target, async () => {
    const suites = await load(target);
    const transport = makeTransport(options);
    for (const suite of suites) {
      const focused = suite.cases.some((c) => c.only);
      for (const c of suite.cases) {
        const name = `${suite.name}/${c.id}${c.name ? ` (${c.name})` : ''}`;
        if (c.skip || (focused && !c.only) || !selected(suite, c, options)) {
          test.skip(name, () => {});
          continue;
        }
        test(name, () => runCase(suite, c, transport, options), options.timeout);
      }
    }
  });
}

async function runCase(suite: Suite, c: Case, transport: Transport, options: DescribeSuiteOptions): Promise<void> {
  const result = await runSuites([{ ...suite, cases: [c] }], {
    transport: { mode: transport.mode, send: (call, signal) => transport.send(call, signal) }, // no close(): the transport serves every test
    concurrency: 1,
    toolVersion: packageVersion,
    ...(options.repeat ? { repeat: options.repeat } : {}),
  });
  const caseResult = result.suites[0]?.cases[0];
  if (!caseResult) throw new Error(`promptgate: ${suite.name}/${c.id} did not run`);
  if (caseResult.status === 'failed' || caseResult.status === 'errored') {
    const error = new Error(caseFailure(path.relative(process.cwd(), suite.file) || suite.file, suite.name, caseResult));
    error.name = caseResult.status === 'failed' ? 'PromptCaseFailed' : 'PromptCaseErrored';
    // The stack would point into promptgate; the message already points at the suite line.
    error.stack = `${error.name}: ${error.message}`;
    throw error;
  }
}

async function load(target: string): Promise<Suite[]> {
  try {
    return await loadSuites([target]);
  } catch (e) {
    if (e instanceof InputError) {
      const error = new Error(e.message);
      error.stack = error.message;
      throw error;
    }
    throw e;
  }
}

function selected(suite: Suite, c: Case, options: DescribeSuiteOptions): boolean {
  const needle = options.filter?.toLowerCase();
  if (needle && !`${suite.name}/${c.id}`.toLowerCase().includes(needle) && !(c.name ?? '').toLowerCase().includes(needle)) return false;
  return !options.tags?.length || options.tags.some((t) => c.tags.includes(t));
}

function makeTransport(options: DescribeSuiteOptions): Transport {
  const mode = options.mode ?? 'replay';
  const replay = new ReplayTransport(options.fixtures ?? 'fixtures');
  if (mode === 'replay') return replay;
  // The CLI's switch for machines that must never call the API holds here too.
  if (process.env.PROMPTGATE_LIVE === '0') throw new Error(`describeSuite: mode '${mode}' is turned off here: PROMPTGATE_LIVE=0; use mode 'replay' to run from recordings`);
  const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    throw new Error(`describeSuite: mode '${mode}' calls the Claude API and needs ANTHROPIC_API_KEY (or the apiKey option); use mode 'replay' to run from recordings offline`);
  }
  const live = new LiveTransport({ apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}) });
  return mode === 'record' ? new RecordTransport(replay, live, 'new') : live;
}
