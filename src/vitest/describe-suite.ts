/**
 * A YAML suite as vitest tests: one `test` per case, run by the same runner, transports and
 * assertions as `promptgate run`, so a case passes in vitest exactly when it passes in CI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FIXTURES } from '../cassette/file-name.ts';
import { describe, test } from 'vitest';
import { buildRun, OPTION_WORDING, type Wording } from '../build-run.ts';
import { packageVersion } from '../package-root.ts';
import { caseLabel, NOT_PASSING } from '../run-result.ts';
import type { PlannedCase, Selection } from '../runner/plan.ts';
import { runSuites, type RunOptions } from '../runner/run.ts';
import { loadSelectableSuites, OPTION_NAMES } from '../runner/selection-guards.ts';
import { formatDiagnostic, InputError } from '../input-error.ts';
import { inContext, runContext, type RunContext } from '../run-context.ts';
import { guardRun } from '../run-sequence.ts';
import type { Transport } from '../transport/types.ts';
import { caseFailure } from './case-report.ts';

export interface DescribeSuiteOptions {
  /**
   * `replay` (default): answers from recorded cassettes, offline and free. `live`: the Claude API
   * (needs ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL is honoured). `record`: live for cases without a
   * fresh cassette, which it then writes.
   */
  mode?: 'replay' | 'live' | 'record' | undefined;
  /** Where cassettes live: a path, or `new URL('../fixtures', import.meta.url)`. Default `fixtures/` under the working directory, as for `promptgate run`. */
  fixtures?: string | URL | undefined;
  /** For live and record. Default: ANTHROPIC_API_KEY. */
  apiKey?: string | undefined;
  /** For live and record. Default: ANTHROPIC_BASE_URL, else the API. */
  baseURL?: string | undefined;
  /** Only cases whose `suite/id` or name contains this text (as `--filter`). */
  filter?: string | undefined;
  /** Only cases with one of these tags (as `--tag`). */
  tags?: string[] | undefined;
  /** Overrides every case's `repeat:`. */
  repeat?: number | undefined;
  /** Let a selection that runs no case pass (as `--allow-empty`); otherwise one failing test says why. */
  allowEmpty?: boolean | undefined;
  /** Run the cases marked `only:` when CI is set (as `--allow-only`); otherwise one failing test points at the `only:`. */
  allowOnly?: boolean | undefined;
  /** Per test. Default: vitest's testTimeout. */
  timeout?: number | undefined;
  /** The `anthropic-version` every case sends and is validated under, over any `api_version:` pin (as `--api-version`). Default: the installed SDK's. */
  apiVersion?: string | undefined;
  /** Live and record: refuse before any call when the estimate passes this many dollars (as `--max-cost`); a suite's `max_cost_usd` caps it too. */
  maxCostUsd?: number | undefined;
  /** Rates for models the built-in table lacks (as `--prices`). Default: PROMPTGATE_PRICES. */
  prices?: string | undefined;
}

/** describeSuite's users name modes and keys by its options. */
const WORDING: Wording = { ...OPTION_WORDING, mode: (mode) => `describeSuite: ${OPTION_WORDING.mode(mode)}` };

/**
 * Registers a `describe` for the suite file (or every suite under a folder) with a test per case.
 * Relative paths resolve against the working directory; pass `new URL('./x.yaml', import.meta.url)`
 * to resolve against the test file.
 */
export function describeSuite(file: string | URL, options: DescribeSuiteOptions = {}): void {
  const target = file instanceof URL ? fileURLToPath(file) : file;
  // The kit is an entry: the test process's directory, environment and price file are its run's.
  const context = runContext({ prices: options.prices, apiKey: options.apiKey });
  describe(path.relative(context.cwd, path.resolve(context.cwd, target)) || target, () =>
    inContext(context, async () => {
      const suites = await asTestError(() => loadSelectableSuites([target], options.allowEmpty, { apiVersion: options.apiVersion }));
      const built = await asTestError(async () =>
        buildRun(
          {
            mode: options.mode ?? 'replay',
            fixtures: options.fixtures instanceof URL ? fileURLToPath(options.fixtures) : (options.fixtures ?? DEFAULT_FIXTURES),
            apiKey: options.apiKey,
            baseURL: options.baseURL,
            env: context.env,
            // The test process's stderr, where vitest shows what a test printed.
            onWarning: (message) => void process.stderr.write(`promptgate: ${message}\n`),
          },
          WORDING,
        ),
      );
      // The guards `promptgate run` applies, refused for the same reasons (a selection of nothing, only:
      // in CI, the spend cap); here the cases the selection leaves out stay visible as skipped.
      let selection: Selection;
      let budget: RunOptions['budget'];
      try {
        const planned = {
          filter: options.filter,
          tags: options.tags,
          repeat: options.repeat,
          allowEmpty: options.allowEmpty,
          allowOnly: options.allowOnly,
          names: OPTION_NAMES,
          env: context.env,
        };
        const guarded = await guardRun(suites, planned, built, options.maxCostUsd);
        selection = guarded.selection;
        budget = guarded.cap?.budget;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        // A failing test, not a throw: a throw while collecting fails the whole file with "no tests".
        test('run refused', () => {
          throw inputFailure(e);
        });
        return;
      }
      // Skipped from inside the test, so vitest prints the note.
      if (selection.empty) test('ran nothing', (t) => t.skip(`ran nothing: ${selection.empty}`));
      for (const p of selection.cases) {
        // Named as every report names a case, so a models: suite has one distinct test per (case, model).
        const name = `${p.suite.name}/${caseLabel({ id: p.case.id, model: p.case.matrix?.model })}${p.case.name ? ` (${p.case.name})` : ''}`;
        const notRun = p.outside ?? p.skip;
        // Skipped from inside the test, not with test.skip: only a dynamic skip carries a note, which vitest prints.
        if (notRun) test(name, (t) => t.skip(notRun));
        else test(name, () => inContext(context, () => runCase(p, built.transport, options.apiVersion, budget, context)), options.timeout);
      }
    }),
  );
}

async function runCase(p: PlannedCase, transport: Transport, apiVersion: string | undefined, budget: RunOptions['budget'], context: RunContext): Promise<void> {
  const { suite, case: c } = p;
  const result = await runSuites([{ ...suite, cases: [c] }], {
    transport: { mode: transport.mode, send: (call, signal) => transport.send(call, signal) }, // no close(): the transport serves every test
    concurrency: 1,
    toolVersion: packageVersion,
    apiVersion,
    repeat: p.repeat,
    // describeSuite's own selection already decided on only: for the whole file.
    allowOnly: true,
    ...(budget ? { budget } : {}),
  });
  const caseResult = result.suites[0]?.cases[0];
  if (!caseResult) throw new Error(`promptgate: ${suite.name}/${c.id} did not run`);
  if (NOT_PASSING.has(caseResult.status)) {
    const error = new Error(caseFailure(path.relative(context.cwd, path.resolve(context.cwd, suite.file)) || suite.file, suite.name, caseResult));
    error.name = ERROR_NAME[caseResult.status as 'failed' | 'errored' | 'broken'];
    // The stack would point into promptgate; the message already points at the suite line.
    error.stack = `${error.name}: ${error.message}`;
    throw error;
  }
}

/** What vitest shows as the error's name: which of the three ways a case did not pass. */
const ERROR_NAME = { failed: 'PromptCaseFailed', errored: 'PromptCaseErrored', broken: 'PromptCheckBroken' } as const;

/** Bad input fails the file with its message alone: a stack would point into promptgate, not at the input. */
async function asTestError<T>(make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (e) {
    throw e instanceof InputError ? inputFailure(e) : e;
  }
}

function inputFailure(e: InputError): Error {
  const error = new Error(e.diagnostics.map((d) => (d.file ? formatDiagnostic(d) : d.message)).join('\n'));
  error.stack = error.message;
  return error;
}
