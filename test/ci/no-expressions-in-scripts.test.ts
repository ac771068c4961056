/**
 * No `${{ }}` expression is spliced into the text of a run: script, where a value holding a quote,
 * `$(...)` or a line break would become shell: values reach scripts through env: instead. The one
 * exception is the shard number, a constant of the job's own matrix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const FILES = [
  '.github/workflows/prompt-regression.yml',
  '.github/workflows/ci.yml',
  '.github/actions/promptgate/action.yml',
  'src/init/templates/prompt-regression.yml',
];
const ALLOWED = new Set(['${{ matrix.shard }}']);

interface Step {
  run?: string;
}
function spliced(text: string): string[] {
  const doc = parse(text) as { jobs?: Record<string, { steps: Step[] }>; runs?: { steps: Step[] } };
  const steps = doc.jobs ? Object.values(doc.jobs).flatMap((j) => j.steps) : doc.runs!.steps;
  return steps.flatMap((s) => s.run?.match(/\$\{\{.*?\}\}/g) ?? []).filter((e) => !ALLOWED.has(e));
}

it.each(FILES)('%s splices no expression into a run: script', (file) => {
  expect(spliced(readFileSync(path.join(root, file), 'utf8'))).toEqual([]);
});

it('would see one (so a pass above means something)', () => {
  const text = readFileSync(path.join(root, '.github/workflows/prompt-regression.yml'), 'utf8').replace(
    '--max-cost "$MAX_COST"',
    '--max-cost "${{ env.MAX_COST }}"',
  );
  expect(spliced(text)).toEqual(['${{ env.MAX_COST }}']);
});
