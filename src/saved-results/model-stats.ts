/**
 * Per-model figures of a matrix run (`models:`, `--model`): what moving to a model would break and
 * cost. The console, markdown and HTML tables all read them from here.
 */
import { NOT_PASSING, type CaseResult, type RunResult } from '../run-result.ts';
import { caseStats, type Stats } from './stats.ts';

export interface ModelStats extends Stats {
  model: string;
  /**
   * `suite/id` of the cases that did not pass under this model and passed under every other model
   * they ran under: what switching to (or staying on) this model alone would break.
   */
  failedOnlyHere: string[];
  /** costUsd / passed: what one passing answer costs, grading included; absent when none passed. */
  costPerPassedUsd?: number;
  /** Output tokens of the cases' own calls (graders excluded: they are not this model's). */
  outputTokens: number;
}

/** One entry per model, in the order models first appear; empty unless at least two models ran. */
export function modelStats(result: Pick<RunResult, 'suites' | 'startedAt'>): ModelStats[] {
  const byModel = new Map<string, CaseResult[]>();
  const byCase = new Map<string, Map<string, CaseResult>>();
  for (const suite of result.suites) {
    for (const c of suite.cases) {
      if (c.model === undefined || c.status === 'skipped') continue;
      byModel.set(c.model, [...(byModel.get(c.model) ?? []), c]);
      const key = `${suite.name}/${c.id}`;
      if (!byCase.has(key)) byCase.set(key, new Map());
      byCase.get(key)!.set(c.model, c);
    }
  }
  if (byModel.size < 2) return [];
  return [...byModel].map(([model, cases]) => {
    const stats = caseStats(cases, result.startedAt);
    const failedOnlyHere = [...byCase]
      .filter(([, models]) => {
        const here = models.get(model);
        const others = [...models].filter(([m]) => m !== model).map(([, c]) => c);
        return here !== undefined && NOT_PASSING.has(here.status) && others.length > 0 && others.every((c) => c.status === 'passed');
      })
      .map(([key]) => key);
    const outputTokens = cases.reduce(
      (sum, c) => sum + c.samples.reduce((s, x) => s + x.calls.reduce((n, call) => n + (call.role === 'case' ? call.usage.output_tokens : 0), 0), 0),
      0,
    );
    return { ...stats, model, failedOnlyHere, ...(stats.passed > 0 ? { costPerPassedUsd: stats.costUsd / stats.passed } : {}), outputTokens };
  });
}
