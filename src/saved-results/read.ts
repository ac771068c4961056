/** Reading saved results: anything that is not a RunResult this version can read is refused with a reason. */
import { readFile } from 'node:fs/promises';
import { packageVersion } from '../package-root.ts';
import { RESULT_VERSION, type RunResult } from '../run-result.ts';
import { InputError } from '../input-error.ts';

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** V8 names the offset of a JSON error ("at position 12"); without one the input ended early. */
function parseError(file: string, text: string, error: Error): InputError {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const { line, col } = lineCol(text, position === undefined ? text.length : Number(position));
  const reason = error.message.replace(/ in JSON at position.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  return new InputError({ file, line, col, message: `not valid JSON (${reason}); expected a promptgate results file (--results)` });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The shape reporters rely on; the rest is trusted, as promptgate wrote it. */
function shapeProblem(data: Record<string, unknown>): string | undefined {
  if (!Array.isArray(data.suites)) return '"suites" is not a list';
  for (const [i, s] of data.suites.entries()) {
    if (!isObject(s) || typeof s.file !== 'string' || typeof s.name !== 'string' || !Array.isArray(s.cases)) {
      return `suites[${i}] needs "file", "name" and a "cases" list`;
    }
    for (const [j, c] of s.cases.entries()) {
      if (!isObject(c) || typeof c.id !== 'string' || typeof c.status !== 'string' || !Array.isArray(c.samples)) {
        return `suites[${i}].cases[${j}] needs "id", "status" and a "samples" list`;
      }
    }
  }
  if (typeof data.startedAt !== 'string') return '"startedAt" is missing';
  return undefined;
}

export async function readRunResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({ file, message: code === 'ENOENT' ? 'no such results file' : `cannot read it (${code ?? String(error)})` });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw parseError(file, text, error as Error);
  }
  if (!isObject(data) || !isObject(data.tool) || data.tool.name !== 'promptgate') {
    throw new InputError({ file, message: 'not a promptgate results file (write one with `promptgate run --results FILE.json`)' });
  }
  if (data.version !== RESULT_VERSION) {
    throw new InputError({
      file,
      message: `results version ${JSON.stringify(data.version)} (written by promptgate ${String(data.tool.version)}); this promptgate (${packageVersion}) reads version ${RESULT_VERSION}: render it with the promptgate that wrote it, or run the suites again`,
    });
  }
  const problem = shapeProblem(data);
  if (problem) throw new InputError({ file, message: `not a complete promptgate results file: ${problem}` });
  return data as unknown as RunResult;
}
