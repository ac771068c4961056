/** `javascript: checks/x.js#name`: the suite's own check, imported from a file next to it. */
import { lineIn, loadExport, type ModuleRef } from '../suite/app-module.ts';
import { show } from './show.ts';
import type { AssertionDef, EvalContext, Verdict } from './types.ts';

type Check = (output: string, context: CheckFnContext) => unknown;

/** What a user's check receives besides the targeted text. */
export interface CheckFnContext {
  output: EvalContext['output'];
  case: EvalContext['case'];
  /** The case's variables after suite and case vars merged. */
  vars: EvalContext['case']['vars'];
  suiteDir: string;
}

/** `checks/x.js#name` as the shared loader names an export; no `#` is the default export. */
function parseRef(ref: string): { ref: ModuleRef; display: string } {
  const hash = ref.lastIndexOf('#');
  const module = hash < 0 ? ref : ref.slice(0, hash);
  const exportName = hash < 0 ? 'default' : ref.slice(hash + 1) || 'default';
  return { ref: { module, export: exportName }, display: hash < 0 ? `${module}#default` : ref };
}

async function loadCheck(text: string, suiteDir: string): Promise<{ fn: Check; url: string; display: string; rel: string }> {
  const { ref, display } = parseRef(text);
  const { value, url } = await loadExport(ref, suiteDir, 'function');
  return { fn: value as Check, url, display, rel: ref.module };
}

/** Turns what the check returned into a verdict; anything else is the check's bug, said plainly. */
function toVerdict(value: unknown, display: string): Verdict {
  const shape = 'return a boolean, a score from 0 to 1, or { pass, score?, reason? }';
  if (typeof value === 'boolean') return { pass: value, reason: `${display} returned ${value}` };
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= 1)) throw new Error(`${display} returned ${value}; a score is a number from 0 to 1`);
    // A bare score passes from 0.5 up, the same default as a rubric's threshold.
    return { pass: value >= 0.5, score: value, reason: `${display} scored ${value} (passes at 0.5 or more)` };
  }
  if (value !== null && typeof value === 'object' && typeof (value as { pass?: unknown }).pass === 'boolean') {
    const v = value as { pass: boolean; score?: unknown; reason?: unknown };
    if (v.score !== undefined && !(typeof v.score === 'number' && v.score >= 0 && v.score <= 1)) {
      throw new Error(`${display} returned score ${show(v.score)}; a score is a number from 0 to 1`);
    }
    const reason = typeof v.reason === 'string' && v.reason ? v.reason : `${display} returned pass: ${v.pass}`;
    return { pass: v.pass, ...(typeof v.score === 'number' ? { score: v.score } : {}), reason };
  }
  throw new Error(`${display} returned ${show(value, 80)}; ${shape}`);
}

export const javascript: AssertionDef<string> = {
  name: 'javascript',
  async check(ref, ctx) {
    try {
      await loadCheck(ref, ctx.suiteDir);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  },
  async evaluate(ref, subject, ctx) {
    const { fn, url, display, rel } = await loadCheck(ref, ctx.suiteDir);
    let value: unknown;
    try {
      value = await fn(subject, { output: ctx.output, case: ctx.case, vars: ctx.case.vars, suiteDir: ctx.suiteDir });
    } catch (e) {
      const what = e instanceof Error ? `${e.name}: ${e.message}` : `non-error value ${show(e, 80)}`;
      throw new Error(`${display} threw ${what}${lineIn(e, url, rel)}`);
    }
    return toVerdict(value, display);
  },
};
