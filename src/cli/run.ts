/** `promptgate run`: flags to the one run sequence (src/run-sequence.ts), which prints as it goes and gives the exit code. */
import type { ReportTargets } from '../../reporters/index.ts';
import type { Wording } from '../build-run.ts';
import type { Mode } from '../run-result.ts';
import { FLAG_NAMES } from '../runner/selection-guards.ts';
import type { Shard } from '../runner/shard.ts';
import { runSequence } from '../run-sequence.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../input-error.ts';
import type { Cli } from './io.ts';

export interface RunFlags extends ReportTargets {
  live?: boolean;
  record?: 'new' | 'all';
  batch?: boolean;
  concurrency?: number;
  maxCost?: number;
  timeoutMs?: number;
  repeat?: number;
  model: string[];
  graderModel?: string;
  changed?: boolean;
  filter?: string;
  tag: string[];
  shard?: Shard;
  allowEmpty?: boolean;
  allowOnly?: boolean;
  fixtures: string;
  apiVersion?: string;
}

/** The CLI's users name modes by their flags. */
const FLAG_WORDING: Wording = {
  mode: (mode) => `--${mode}`,
  offline: (mode) => `run without --${mode} to replay recordings offline`,
  keyFrom: 'export ANTHROPIC_API_KEY=...; in GitHub Actions, from secrets',
  changed: '--changed',
};

export async function run(paths: string[], flags: RunFlags, cli: Cli): Promise<number> {
  // `--record all` reads 'all' as a path (the value is taken only with =, so a path after --record
  // stays a path): where no such path is, it was meant as the value.
  const meant = flags.record && paths.find((p) => (p === 'all' || p === 'new') && !existsSync(path.resolve(cli.cwd, p)));
  if (meant)
    throw new InputError(
      `'${meant}' is not a suite path here: to record ${meant === 'all' ? 'every case' : 'the missing and stale cases'}, write --record=${meant} (with =).`,
    );
  const mode: Mode = flags.batch ? 'batch' : flags.record ? 'record' : flags.live ? 'live' : 'replay';
  const { live, record, batch, maxCost, model, tag, results, junit, junitPlain, costReport, markdown, html, ...same } = flags;
  const reports = Object.fromEntries(Object.entries({ results, junit, junitPlain, costReport, markdown, html }).filter(([, file]) => file !== undefined));
  const outcome = await runSequence(
    {
      ...same,
      paths,
      mode,
      record,
      maxCostUsd: maxCost,
      models: model,
      tags: tag,
      reports,
      signal: cli.signal,
      cut: cli.cut,
      stdout: cli.stdout,
      stderr: cli.stderr,
      wording: FLAG_WORDING,
      names: FLAG_NAMES,
      modelNames: { model: '--model', graderModel: '--grader-model' },
    },
    cli,
  );
  return outcome.exitCode;
}
