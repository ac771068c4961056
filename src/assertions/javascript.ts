/** `javascript: checks/x.js#name`: the suite's own check, imported from a file next to it. */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { hint } from '../suite/did-you-mean.ts';
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

function parseRef(ref: string, suiteDir: string): { file: string; url: string; exportName: string; display: string } {
  const hash = ref.lastIndexOf('#');
  const rel = hash < 0 ? ref : ref.slice(0, hash);
  const exportName = hash < 0 ? 'default' : ref.slice(hash + 1) || 'default';
  const file = path.resolve(suiteDir, rel);
  return { file, url: pathToFileURL(file).href, exportName, display: hash < 0 ? `${rel}#default` : ref };
}

async function loadCheck(ref: string, suiteDir: string): Promise<{ fn: Check; url: string; display: string; rel: string }> {
  const r = parseRef(ref, suiteDir);
  const rel = r.display.slice(0, r.display.lastIndexOf('#'));
  try {
    await access(r.file);
  } catch {
    throw new Error(`module ${rel} not found (looked for ${r.file})`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(r.url)) as Record<string, unknown>;
  } catch (e) {
    const syntax = await syntaxError(r.file, rel);
    throw new Error(`module ${rel} does not load: ${syntax ?? `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}${lineIn(e, r.url, rel)}`}`);
  }
  const fn = mod[r.exportName];
  if (typeof fn !== 'function') {
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function').sort();
    const why = fn === undefined ? `has no export '${r.exportName}'` : `exports '${r.exportName}' as ${typeof fn}, not a function`;
    throw new Error(`${rel} ${why}${hint(r.exportName, names)}; its functions: ${names.join(', ') || 'none'}`);
  }
  return { fn: fn as Check, url: r.url, display: r.display, rel };
}

/**
 * Node keeps an ESM syntax error's place out of the error object, so ask `node --check`, which prints
 * it: `file:LINE`, the source line, then a caret under the column. Only run when an import failed.
 */
async function syntaxError(file: string, rel: string): Promise<string | undefined> {
  try {
    await promisify(execFile)(process.execPath, ['--check', file], { timeout: 10_000 });
    return undefined;
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    const m = /^.*:(\d+)\n.*\n( *)\^[\s\S]*?^(SyntaxError: .*)$/m.exec(stderr);
    return m ? `${m[3]} (${rel}:${m[1]}:${m[2]!.length + 1})` : undefined;
  }
}

/** ` (checks/x.js:12:5)` from the first stack frame in the user's module, so the error points into their code. */
function lineIn(e: unknown, url: string, rel: string): string {
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  // Node names the module by URL; loaders such as vitest's by plain path.
  for (const name of [url, fileURLToPath(url)]) {
    const at = stack.indexOf(name + ':');
    const m = at < 0 ? null : /^:(\d+)(?::(\d+))?/.exec(stack.slice(at + name.length));
    if (m) return ` (${rel}:${m[1]}${m[2] ? `:${m[2]}` : ''})`;
  }
  return '';
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
