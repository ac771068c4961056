import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { readRunResult } from '../../src/saved-results/read.ts';
import { realisticRun } from '../reporters/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pg-read-'));

async function refusal(content: string): Promise<InputError> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  const error = await readRunResult(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** The run as promptgate writes it (2-space JSON), with one edit. */
const edited = (edit: (run: ReturnType<typeof realisticRun>) => void) => {
  const run = realisticRun();
  edit(run);
  return JSON.stringify(run, null, 2);
};
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('results files are validated against the RunResult schema, at the line', () => {
  it('an unknown status', async () => {
    const text = edited((r) => ((r.suites[0]!.cases[0] as { status: string }).status = 'flaky'));
    const e = await refusal(text);
    expect(e.diagnostics[0]).toMatchObject({ line: lineOf(text, '"status": "flaky"') });
    expect(e.diagnostics[0]!.message).toBe(
      'not a valid promptgate results file: suites[0].cases[0].status: must be one of "passed", "failed", "errored", "broken", "skipped", got "flaky"',
    );
  });

  it('a missing field, at the object that lacks it', async () => {
    const text = edited((r) => delete (r.suites[0]!.cases[0]!.samples[0] as { calls?: unknown }).calls);
    const e = await refusal(text);
    expect(e.diagnostics[0]!.message).toBe('not a valid promptgate results file: suites[0].cases[0].samples[0]: "calls" is missing');
    expect(e.diagnostics[0]!.line).toBeGreaterThan(1);
  });

  it('negative or fractional token counts', async () => {
    const text = edited((r) => (r.suites[0]!.cases[0]!.samples[0]!.calls[0]!.usage.input_tokens = -5));
    const e = await refusal(text);
    expect(e.diagnostics[0]!.message).toMatch(/suites\[0\]\.cases\[0\]\.samples\[0\]\.calls\[0\]\.usage\.input_tokens: must be >= 0, got -5$/);
    expect(e.diagnostics[0]!.line).toBe(lineOf(text, '"input_tokens": -5'));
  });

  it('broken JSON: the place of the error and words, not the engine message', async () => {
    const e = await refusal('{\n  "version": 1,\n  "mode": }\n');
    expect(e.diagnostics[0]).toMatchObject({ line: 3, col: 11, message: 'not valid JSON (value expected); expected a promptgate results file (--results)' });
    expect(e.message).not.toMatch(/Unexpected token|is not valid JSON/);
  });

  it('every run the reporters are tested with validates', async () => {
    const file = path.join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(realisticRun()));
    await expect(readRunResult(file)).resolves.toMatchObject({ version: 1 });
  });
});
