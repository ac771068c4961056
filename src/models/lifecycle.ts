/**
 * Models at the end of their life: `validate` warns at the suite line, and a run lists the ones it
 * called (RunResult.deprecatedModels) once per model, not on every call as the SDK would.
 */
import type { DeprecatedModel, RunResult, SuiteResult } from '../run-result.ts';
import { modelInfo } from './model-table.ts';

/**
 * `model` is the id as the suite wrote it (a dated snapshot stays dated); `status` is as of the day
 * asked: a deprecated model past its retirement day is retired.
 */
export type ModelAtEndOfLife = DeprecatedModel;

/** The model's end of life as of `day` (YYYY-MM-DD, UTC), or undefined when it is active, legacy or unknown. */
export function endOfLife(model: string, day: string): ModelAtEndOfLife | undefined {
  const info = modelInfo(model);
  const life = info?.lifecycle;
  if (!info || !life || (life.status !== 'deprecated' && life.status !== 'retired')) return undefined;
  // Calls work through the retirement day itself and fail after it (the deprecations page: past the date).
  const status = life.status === 'retired' || (life.retires !== undefined && day > life.retires) ? 'retired' : 'deprecated';
  return { model, name: info.name, status, ...(life.retires ? { retires: life.retires } : {}), ...(life.successor ? { successor: life.successor } : {}) };
}

/** One line for a model at its end of life: what it means for a run, and what to move to. */
export function endOfLifeMessage(m: ModelAtEndOfLife): string {
  const move = m.successor ? `; move to ${m.successor}` : '';
  if (m.status === 'retired')
    return `${m.model} (${m.name}) was retired${m.retires ? ` on ${m.retires}` : ''}: live calls to it fail, only recordings still replay${move}`;
  return `${m.model} (${m.name}) is deprecated${m.retires ? ` and retires on ${m.retires}` : ''}${move}`;
}

/** The models a run called that are deprecated or retired on the day it started, for RunResult.deprecatedModels. */
export function deprecatedModelsUsed(suites: SuiteResult[], startedAt: Date): Pick<RunResult, 'deprecatedModels'> {
  const day = startedAt.toISOString().slice(0, 10);
  const models = new Set(suites.flatMap((s) => s.cases.flatMap((c) => c.samples.flatMap((x) => x.calls.map((call) => call.model)))));
  const found = [...models].sort().flatMap((m) => endOfLife(m, day) ?? []);
  return found.length ? { deprecatedModels: found } : {};
}

/** Shards of one run list what each called; the merged run lists each model once. */
export function mergedDeprecatedModels(results: Pick<RunResult, 'deprecatedModels'>[]): Pick<RunResult, 'deprecatedModels'> {
  const byModel = new Map(results.flatMap((r) => r.deprecatedModels ?? []).map((m) => [m.model, m]));
  return byModel.size ? { deprecatedModels: [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model)) } : {};
}
