import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, formatDiagnostic } from '../../src/input-error.ts';
import { callCost } from '../../src/pricing/cost.ts';
import { parsePriceFile, readPriceFile } from '../../src/pricing/price-file.ts';
import { loadPriceTable, priceFor, priceTable, pricesUsed, unpricedReason, withPrices } from '../../src/pricing/price-table.ts';
import { runContext } from '../../src/run-context.ts';
import { usageFrom } from '../../src/run-result.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-prices-'));
function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}
/** Runs `fn` priced by the file, as a run with --prices does. */
const pricedBy = (priceFile: string, fn: () => void) => withPrices(loadPriceTable(priceFile), fn);

const M = 1_000_000;
const row = () => '{ "input": 1, "output": 5, "cacheWrite5m": 1.25, "cacheWrite1h": 2, "cacheRead": 0.1 }';
const cost = (model: string, u: Parameters<typeof usageFrom>[0], at = '2026-11-30') => callCost(model, usageFrom(u), { batch: false, at });

describe('a user price file (--prices / PROMPTGATE_PRICES)', () => {
  it('prices a model the table lacks, with the built-in field names (JSON)', () => {
    const rates = { input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.2 };
    pricedBy(file('fable.json', JSON.stringify({ models: { 'claude-fable-5-2': rates } })), () => {
      // 1M in x $8 + 1M out x $40 + 1M read x $0.20
      expect(cost('claude-fable-5-2', { input_tokens: M, output_tokens: M, cache_read_input_tokens: M })).toMatchObject({
        family: 'claude-fable-5-2',
        total: 48.2,
      });
      expect(unpricedReason('claude-fable-5-2')).toBeUndefined();
      expect(pricesUsed('2026-11-30').file).toBe(path.join(dir, 'fable.json'));
    });
    // Outside the run that chose the file, the built-in table.
    expect(pricesUsed('2026-11-30').file).toBeUndefined();
  });

  it('overrides a built-in model, and leaves the others alone (YAML, with dates and a tier)', () => {
    const table = loadPriceTable(
      file(
        'team.yaml',
        [
          '# negotiated rates',
          'models:',
          '  claude-haiku-4-5:',
          '    - { input: 0.8, output: 4, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08 }',
          '    - from: 2026-12-01',
          '      input: 0.5',
          '      output: 2.5',
          '      cacheWrite5m: 0.625',
          '      cacheWrite1h: 1',
          '      cacheRead: 0.05',
          '      tiers:',
          '        - { promptTokensOver: 200000, input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }',
          'aliases:',
          '  haiku: claude-haiku-4-5',
          '',
        ].join('\n'),
      ),
    );
    withPrices(table, () => {
      expect(cost('claude-haiku-4-5', { input_tokens: M })?.total).toBe(0.8);
      // an alias, and the 2026-12-01 row: 100,000 x $0.50
      expect(cost('haiku', { input_tokens: 100_000 }, '2026-12-01')?.total).toBe(0.05);
      // 200,001 prompt tokens on 2026-12-01: the tier, $1/MTok
      expect(cost('claude-haiku-4-5', { input_tokens: 200_001 }, '2026-12-01')).toMatchObject({ total: 0.200001, promptTokensOver: 200_000 });
      expect(cost('claude-opus-5-5', { input_tokens: M })?.total).toBe(4);
    });
  });

  it("is read from a run's PROMPTGATE_PRICES when the run names no file (a library run reads the variable too); a relative one from the run's directory", () => {
    file('env.json', JSON.stringify({ models: { 'claude-x-2': JSON.parse(row()) } }));
    const context = runContext({ cwd: dir, env: { PROMPTGATE_PRICES: 'env.json' } });
    expect(context.prices.file).toBe('env.json');
    withPrices(context.prices, () => expect(priceFor('claude-x-2')?.model).toBe('claude-x-2'));
    expect(runContext({ cwd: dir, env: {} }).prices.file).toBeUndefined();
    expect(priceTable().file).toBeUndefined();
  });
});

/** The one line each bad file is refused with, as the CLI prints it. */
function refusal(name: string, text: string): string {
  try {
    parsePriceFile(name, text, ['claude-haiku-4-5']);
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map(formatDiagnostic).join('\n');
    throw error;
  }
  return 'accepted';
}

describe('a bad price file is refused at file:line:col, saying what is wrong', () => {
  it.each([
    [
      'JSON syntax',
      'p.json',
      '{\n  "models": {\n    "m": ' + row() + ',\n  }\n}\n',
      'p.json:4:3: error: not valid JSON (property name expected); expected a price file (see docs/pricing.md)',
    ],
    [
      'YAML syntax',
      'p.yaml',
      'models:\n  m: { input: 1\n',
      'p.yaml:3:1: error: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }',
    ],
    [
      'no models',
      'p.json',
      '{ "model": {} }',
      "p.json:1:1: error: the price file is missing 'models'\np.json:1:12: error: unknown key 'model' in the price file (did you mean 'models'?); expected one of: $schema, source, batch, models, aliases, unpriced, serverTools, inferenceGeo, cacheMinimum",
    ],
    [
      'a missing rate',
      'p.yaml',
      'models:\n  m:\n    input: 1\n    output: 5\n    cacheWrite5m: 1.25\n    cacheWrite1h: 2\n',
      "p.yaml:3:5: error: models.m is missing 'cacheRead': every row gives all five rates (input, output, cacheWrite5m, cacheWrite1h, cacheRead), as prices differ by model",
    ],
    [
      'a misspelt key',
      'p.yaml',
      'models:\n  m: { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, cacheRaed: 0.1 }\n',
      "p.yaml:2:82: error: unknown key 'cacheRaed' in models.m (did you mean 'cacheRead'?); expected one of: from, input, output, cacheWrite5m, cacheWrite1h, cacheRead, tiers, fast, source, checked, note, thirdParty",
    ],
    [
      'a rate as text',
      'p.json',
      '{ "models": { "m": ' + row().replace('"input": 1', '"input": "1"') + ' } }',
      'p.json:1:31: error: models.m.input must be a number, got "1"',
    ],
    [
      'a negative rate',
      'p.json',
      '{ "models": { "m": ' + row().replace('"output": 5', '"output": -5') + ' } }',
      'p.json:1:44: error: models.m.output must be >= 0, got -5',
    ],
    [
      'a rate finer than a nano-dollar a token',
      'p.json',
      '{ "models": { "m": ' + row().replace('"cacheRead": 0.1', '"cacheRead": 0.0125') + ' } }',
      'p.json:1:101: error: models.m.cacheRead 0.0125 is finer than $0.001/MTok (a nano-dollar a token), the step promptgate prices in',
    ],
    [
      'a date that is not one',
      'p.yaml',
      'models:\n  m:\n    - { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }\n    - { from: 2026-13-01, input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }\n',
      'p.yaml:4:15: error: models.m[1].from "2026-13-01" is not a date like 2026-10-07',
    ],
    [
      'a later row with no date',
      'p.yaml',
      'models:\n  m:\n    - { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }\n    - { input: 2, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }\n',
      "p.yaml:4:7: error: models.m[1] needs a 'from' date: only a model's first row may leave it out",
    ],
    [
      'rows out of order',
      'p.yaml',
      'models:\n  m:\n    - { from: 2026-10-07, input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }\n    - { from: 2026-10-06, input: 2, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }\n',
      'p.yaml:4:15: error: models.m[1].from 2026-10-06 is not after the row before it (2026-10-07): list rows oldest first',
    ],
    [
      'tiers out of order',
      'p.yaml',
      'models:\n  m:\n    input: 1\n    output: 5\n    cacheWrite5m: 1.25\n    cacheWrite1h: 2\n    cacheRead: 0.1\n    tiers:\n      - { promptTokensOver: 200000, input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 }\n      - { promptTokensOver: 100000, input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }\n',
      'p.yaml:10:29: error: models.m.tiers[1].promptTokensOver must be above the tier before it (200000): list tiers shortest prompt first',
    ],
    [
      'an alias to nothing',
      'p.yaml',
      'models: {}\naliases:\n  haiku: claude-haiku-4-6\n',
      "p.yaml:3:10: error: aliases.haiku points at claude-haiku-4-6, which has no price (did you mean 'claude-haiku-4-5'?)",
    ],
    [
      'a model id with a space',
      'p.json',
      '{ "models": { "claude opus": ' + row() + ' } }',
      "p.json:1:30: error: 'claude opus' in models is not a model id (letters, digits, '.', '_', ':', '@', '/' and '-')",
    ],
  ])('%s', (_what, name, text, message) => {
    expect(refusal(name, text)).toBe(message);
  });

  it('names a file that is not there', () => {
    expect(() => readPriceFile(path.join(dir, 'nope.json'))).toThrow(/nope\.json: error: no such price file \(--prices \/ PROMPTGATE_PRICES\)/);
  });

  it('refuses a bad file when the table is built, before anything is priced', () => {
    expect(() => loadPriceTable(file('bad.json', '{'))).toThrow(InputError);
    expect(() => loadPriceTable('bad.json', dir)).toThrow(/^bad\.json:1:2: error: not valid JSON/m);
  });
});
