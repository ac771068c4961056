import { readFile } from 'node:fs/promises';
import { RESULT_VERSION, type RunResult } from '../result.ts';
import { InputError } from '../suite/diagnostics.ts';

/**
 * Reads a saved RunResult (`--results`). Anything wrong with the file is the user's input, so
 * it is an InputError pointing at the file (and at line:col for broken JSON), never a crash.
 */
export async function readRunResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({ file, message: code === 'ENOENT' ? 'no such results file' : `cannot read results file (${code ?? String(error)})` });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { line, col } = jsonErrorPlace(text, (error as Error).message);
    throw new InputError({ file, line, col, message: `not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, '')}` });
  }
  return checkShape(file, data);
}

function checkShape(file: string, data: unknown): RunResult {
  const bad = (message: string) => new InputError({ file, message });
  if (!isObject(data) || !isObject(data.tool) || data.tool.name !== 'promptgate') {
    throw bad('not a promptgate results file (write one with `promptgate run --results FILE.json`)');
  }
  if (data.version !== RESULT_VERSION) {
    const by = typeof data.tool.version === 'string' ? ` by promptgate ${data.tool.version}` : '';
    throw bad(
      `results format v${String(data.version)} (written${by}); this promptgate reads v${RESULT_VERSION}: ` +
        're-run the suites with this version, or read the file with the version that wrote it',
    );
  }
  if (typeof data.mode !== 'string' || !Array.isArray(data.suites)) throw bad('results file lacks "mode" or "suites"');
  data.suites.forEach((suite, i) => {
    if (!isObject(suite) || typeof suite.name !== 'string' || typeof suite.digest !== 'string' || !Array.isArray(suite.cases)) {
      throw bad(`suites[${i}] lacks "name", "digest" or "cases"`);
    }
    suite.cases.forEach((c, j) => {
      if (!isObject(c) || typeof c.id !== 'string' || typeof c.status !== 'string' || !Array.isArray(c.samples)) {
        throw bad(`suites[${i}].cases[${j}] lacks "id", "status" or "samples"`);
      }
    });
  });
  return data as unknown as RunResult;
}

/** Where JSON.parse gave up, from V8's message: "(line L column C)", "position N", or the end. */
function jsonErrorPlace(text: string, message: string): { line: number; col: number } {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
