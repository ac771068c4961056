/**
 * A model id nothing knows (`claude-haiku-4.5`) is refused where the suite names it (the model, a
 * matrix entry, a grader), with the nearest ids; a --prices file that prices it admits it.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadPriceTable, withPrices } from '../../src/pricing/price-table.ts';
import { problemsOf } from '../support/problems.ts';
import { tempProject } from '../support/project.ts';

const SUITE = [
  'name: s',
  'model: claude-haiku-4.5',
  'models: [claude-haiku-4-5, claude-sonet-4-6]',
  'grader: { model: claude-foo-6 }',
  'cases:',
  '  - id: a',
  '    prompt: hi',
  '    assert:',
  '      - rubric: says hi',
  '',
].join('\n');
const TAIL =
  'neither the model table nor the price table knows it, so the API would answer 404; a model released since is admitted by giving its price in a --prices file (docs/pricing.md)';

it('an unknown model, matrix entry or grader model is an error at its place with the nearest id', async () => {
  const dir = await tempProject({ 's.yaml': SUITE });
  const file = path.join(dir, 's.yaml');
  expect((await problemsOf([file])).sort()).toEqual(
    [
      `${file}:2:8: error: unknown model 'claude-haiku-4.5' (did you mean 'claude-haiku-4-5'?): ${TAIL}`,
      `${file}:3:28: error: unknown model 'claude-sonet-4-6' (did you mean 'claude-sonnet-4-6'?): ${TAIL}`,
      `${file}:4:18: error: unknown model 'claude-foo-6': ${TAIL}`,
    ].sort(),
  );
});

it('a price file that prices a model admits it', async () => {
  const rates = { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 };
  const dir = await tempProject({
    's.yaml': SUITE.replace('claude-haiku-4.5', 'claude-haiku-4-5').replace('claude-sonet-4-6', 'claude-sonnet-4-6'),
    'prices.json': JSON.stringify({ models: { 'claude-foo-6': rates } }),
  });
  await withPrices(loadPriceTable(path.join(dir, 'prices.json')), () =>
    expect(problemsOf([path.join(dir, 's.yaml')])).rejects.toThrow('expected an InputError'),
  );
});
