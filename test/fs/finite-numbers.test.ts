/**
 * Numbers are finite and in range wherever promptgate reads them (the schemas say so, so editors
 * do too), and what it writes it reads back: a price of 1e999 or .inf is refused at its place, a
 * results file with 1e999 is refused, and the largest numbers a results file may hold print as
 * digits, merge, and read back. Plus the prototype keys a price alias may name, and the shell
 * quoting of the command a stale recording suggests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_TARGETS } from '../../reporters/targets.ts';
import { formatCount } from '../../src/format/count.ts';
import { shellWord } from '../../src/format/shell-word.ts';
import { formatUsd } from '../../src/format/usd.ts';
import { InputError } from '../../src/input-error.ts';
import { readPriceFile } from '../../src/pricing/price-file.ts';
import { addUsage, usageFrom } from '../../src/run-result.ts';
import { mergeResults } from '../../src/saved-results/merge.ts';
import { readRunResult } from '../../src/saved-results/read.ts';
import { recordHint } from '../../src/transport/replay.ts';
import type { Call } from '../../src/transport/types.ts';
import { fullRun, run, suite } from '../results/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pg-finite-'));
let n = 0;
const write = (name: string, text: string) => {
  const file = path.join(dir, `${n++}-${name}`);
  writeFileSync(file, text);
  return file;
};
const refusal = (read: () => unknown) => {
  try {
    read();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('read, not refused');
};
const rates = 'input: 1\n    output: 5\n    cacheWrite5m: 1.25\n    cacheWrite1h: 2\n    cacheRead: 0.1';
const SAFE = Number.MAX_SAFE_INTEGER;

describe('price files', () => {
  it('1e999 in JSON: refused at its place, said as Infinity (not null)', () => {
    const file = write(
      'p.json',
      '{ "models": {\n  "claude-fable-5-2": { "input": 1e999, "output": 5, "cacheWrite5m": 1.25, "cacheWrite1h": 2, "cacheRead": 0.1 } } }',
    );
    expect(refusal(() => readPriceFile(file))).toBe(`${file}:2:34: error: models.claude-fable-5-2.input must be <= 1000000, got Infinity`);
  });

  it.each([
    ['.inf', 'must be <= 1000000, got Infinity'],
    ['-.inf', 'must be >= 0, got -Infinity'],
    ['.nan', 'must be <= 1000000, got NaN'],
  ])('%s in YAML: refused at its place', (value, said) => {
    const file = write('p.yaml', `models:\n  claude-fable-5-2:\n    ${rates.replace('input: 1', `input: ${value}`)}\n`);
    expect(refusal(() => readPriceFile(file))).toBe(`${file}:3:12: error: models.claude-fable-5-2.input ${said}`);
  });

  it('an alias naming toString or constructor points at no price, whatever Object.prototype holds', () => {
    const file = write('p.yaml', `models:\n  claude-fable-5-2:\n    ${rates}\naliases:\n  fable: toString\n  other: constructor\n`);
    const said = refusal(() => readPriceFile(file));
    expect(said).toContain(`${file}:9:10: error: aliases.fable points at toString, which has no price`);
    expect(said).toContain(`${file}:10:10: error: aliases.other points at constructor, which has no price`);
  });

  it('a model named toString is not "priced under models too" by Object.prototype; one that is there, is', () => {
    const file = write('p.yaml', `models:\n  toString:\n    ${rates}\nunpriced:\n  claude-other: not sold\n`);
    expect(readPriceFile(file).models).toHaveProperty('toString');
    const twice = write('p.yaml', `models:\n  claude-other:\n    ${rates}\nunpriced:\n  claude-other: not sold\n`);
    expect(refusal(() => readPriceFile(twice))).toBe(`${twice}:9:17: error: unpriced.claude-other is priced under models too; keep one`);
  });

  it("nested past 100 levels in YAML: the suite reader's bound, at its place", () => {
    const file = write('p.yaml', `models:\n  claude-fable-5-2:\n    ${rates}\n    note: ${'['.repeat(150)}${']'.repeat(150)}\n`);
    expect(refusal(() => readPriceFile(file))).toBe(`${file}:8:108: error: nested more than 100 levels deep; a price file never needs that many`);
  });

  it('nested 10,000 levels in JSON: exit 2 at the place, no stack overflow', () => {
    const file = write('p.json', `{ "models": ${'['.repeat(10_000)}${']'.repeat(10_000)} }`);
    expect(refusal(() => readPriceFile(file))).toBe(`${file}:1:112: error: nested more than 100 levels deep; a price file never needs that many`);
  });
});

describe('results files', () => {
  const text = (over: (r: ReturnType<typeof fullRun>) => void) => {
    const r = fullRun();
    over(r);
    return JSON.stringify(r, null, 2);
  };

  it('1e999 (Infinity) and a count past 2^53 are refused at their place', async () => {
    const file = write(
      'r.json',
      text(() => {})
        .replace('"durationMs": 1000', '"durationMs": 1e999')
        .replace('"input_tokens": 1000', '"input_tokens": 1e300'),
    );
    const error = (await readRunResult(file).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`${file}:9:17: error: not a valid promptgate results file: durationMs: must be <= 9007199254740991, got Infinity`);
    expect(error.message).toMatch(/input_tokens: must be <= 9007199254740991, got 1e\+300/);
  });

  it('a leap second in startedAt (date-time allows :60; Date.parse does not): refused, not a crash in merge', async () => {
    const file = write(
      'r.json',
      text((r) => (r.startedAt = '2026-06-30T23:59:60Z')),
    );
    await expect(readRunResult(file)).rejects.toThrow(
      `${file}:8:16: error: not a valid promptgate results file: startedAt: must not be a leap second (:60), which no JavaScript date holds, got "2026-06-30T23:59:60Z"`,
    );
  });

  it('nested 10,000 levels: refused at the place', async () => {
    const file = write('r.json', `{"tool":{"name":"promptgate"},"version":1,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    await expect(readRunResult(file)).rejects.toThrow(`${file}:1:1046: error: nested more than 1000 levels deep; not a promptgate results file`);
  });

  it('the largest numbers it may hold: print as digits, merge across centuries, and read back', async () => {
    const first = run([suite('a', ['x'])], { startedAt: '0001-01-01T00:00:00.000Z', durationMs: SAFE, shard: { index: 1, total: 2 } });
    const second = run([suite('b', ['y'])], { startedAt: '9999-12-31T00:00:00.000Z', durationMs: SAFE, shard: { index: 2, total: 2 } });
    for (const r of [first, second]) {
      const c = r.suites[0]!.cases[0]!;
      c.durationMs = SAFE;
      c.samples[0]!.durationMs = SAFE;
      const call = c.samples[0]!.calls[0]!;
      call.latencyMs = SAFE;
      for (const k of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) call.usage[k] = SAFE;
    }
    const files = [first, second].map((r) => write('shard.json', JSON.stringify(r)));
    const read = await Promise.all(files.map((f) => readRunResult(f)));
    const merged = mergeResults(files.map((file, i) => ({ file, result: read[i]! })));
    expect(merged.durationMs).toBe(SAFE);
    await expect(readRunResult(write('merged.json', await REPORT_TARGETS.results.render(merged)))).resolves.toBeDefined();
    for (const [name, target] of Object.entries(REPORT_TARGETS)) {
      if (name === 'results') continue;
      const out = await target.render(merged, name === 'costReport' ? 'cost.md' : `${name}.out`);
      expect(out, name).not.toMatch(/Infinity|NaN|\de\+\d/);
    }
  });
});

describe('numbers where they enter and where they print', () => {
  it('a count from the API is capped at 2^53 - 1, and so is a sum of two', () => {
    const huge = usageFrom({ input_tokens: 1e300, output_tokens: Number.POSITIVE_INFINITY });
    expect(huge).toMatchObject({ input_tokens: SAFE, output_tokens: 0 });
    expect(addUsage(huge, huge).input_tokens).toBe(SAFE);
  });

  it('dollars and counts past 1e21 print as digits', () => {
    expect(formatUsd(1e25)).toBe('$10000000000000000905969664.00');
    expect(formatUsd(0.000045)).toBe('$0.000045');
    expect(formatCount(2.7e22)).toBe('27,000,000,000,000,002,097,152');
  });
});

describe('the command a stale recording suggests', () => {
  it('quotes what a POSIX shell would read otherwise, and leaves plain words bare', () => {
    expect(shellWord('suites/greet.yaml')).toBe('suites/greet.yaml');
    expect(shellWord("it's $(rm -rf ~) `x` a b;c")).toBe(`'it'\\''s $(rm -rf ~) \`x\` a b;c'`);
    expect(shellWord('')).toBe("''");
    const call = { suite: 's', caseId: 'hello', repeat: 1, role: 'case', index: 1, model: 'claude-haiku-4-5', suiteFile: 'my suites/$(whoami).yaml' } as Call;
    expect(recordHint(call, 'fixtures')).toBe(`re-record it: npx promptgate run 'my suites/$(whoami).yaml' --record --filter hello --model claude-haiku-4-5`);
  });
});
