/**
 * Every reader of a file promptgate did not write itself this run (results, price files, exports,
 * cassettes) either reads it or refuses it with located InputError lines naming that file: never a
 * crash (exit 4), never a hang, never a number it then prints as Infinity or NaN. Mutants of valid
 * files, drawn from a seeded PRNG: nesting 10,000 deep, numbers out of range (1e999, -1e999, .inf,
 * .nan), prototype keys, truncation; and special files (a FIFO, /dev/zero, a directory, a file over
 * the cap). A results file that reads is also merged, written and read back: no file promptgate
 * writes is one it refuses to read. A few cases run through the CLI (report, merge, run --prices, import).
 *   PROMPTGATE_FUZZ_SEED=n PROMPTGATE_FUZZ_RUNS=n npx vitest run test/fs/reader-fuzz.test.ts
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_TARGETS } from '../../reporters/targets.ts';
import { registry } from '../../src/assertions/registry.ts';
import { readCassetteSync } from '../../src/cassette/cassette.ts';
import { importFile } from '../../src/import/import-export.ts';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { readPriceFile } from '../../src/pricing/price-file.ts';
import { readFileBytes, readFileBytesSync } from '../../src/read-bytes.ts';
import { mergeResults } from '../../src/saved-results/merge.ts';
import { readRunResult } from '../../src/saved-results/read.ts';
import { CLI } from '../support/cli.ts';
import { fullRun } from '../results/fixtures.ts';

const SEED = Number(process.env.PROMPTGATE_FUZZ_SEED ?? 26);
const RUNS = Number(process.env.PROMPTGATE_FUZZ_RUNS ?? 60);
const dir = mkdtempSync(path.join(tmpdir(), 'pg-reader-fuzz-'));
let made = 0;

/** mulberry32: small, seeded, the same mutants on every machine. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const DEEP = 10_000;
const HUGE_JSON = ['1e999', '-1e999', '1e308', '-1e308', '9007199254740993', '1e21', '-0', '5e-324'];
const HUGE_YAML = ['.inf', '-.inf', '.nan', '.NaN', '1e999', '-1e999', '1e308'];
const PROTO_KEYS = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'];

/** One mutation of a JSON or YAML text, at a place the PRNG picks. */
function mutate(text: string, yaml: boolean): string {
  const numbers = [...text.matchAll(/(?<=[:\s[,])-?\d+(\.\d+)?(?=[\s,\]}]|$)/gm)];
  const at = (m: RegExpMatchArray) => [m.index!, m.index! + m[0].length] as const;
  switch (pick(['deep-array', 'deep-object', 'number', 'number', 'proto', 'truncate'] as const)) {
    case 'deep-array':
    case 'deep-object': {
      const object = random() < 0.5;
      const open = object ? '{"a":'.repeat(DEEP) : '['.repeat(DEEP);
      const close = object ? '}'.repeat(DEEP) : ']'.repeat(DEEP);
      if (!numbers.length) return `${open}1${close}`;
      const [from, to] = at(pick(numbers));
      return text.slice(0, from) + open + text.slice(from, to) + close + text.slice(to);
    }
    case 'number': {
      if (!numbers.length) return text;
      const [from, to] = at(pick(numbers));
      return text.slice(0, from) + pick(yaml ? HUGE_YAML : HUGE_JSON) + text.slice(to);
    }
    case 'proto': {
      const key = pick(PROTO_KEYS);
      if (yaml) return text.replace(/^(\s+)([\w.-]+):/m, (_m, indent: string) => `${indent}${key}:`);
      const keys = [...text.matchAll(/"[\w.-]+":/g)];
      if (!keys.length) return text;
      const [from, to] = at(pick(keys));
      return text.slice(0, from) + `"${key}":` + text.slice(to);
    }
    case 'truncate':
      return text.slice(0, Math.floor(random() * text.length));
  }
}

function write(name: string, text: string): string {
  const file = path.join(dir, `${made++}-${name}`);
  writeFileSync(file, text);
  return file;
}

/** Reads or refuses: an InputError whose every line names `file` (and a place, when it has one). */
async function readsOrRefuses(file: string, read: () => unknown): Promise<unknown> {
  let value: unknown;
  try {
    value = await read();
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`${file}: not an InputError: ${(error as Error).stack}`, { cause: error });
    for (const d of error.diagnostics) {
      const said = formatDiagnostic(d);
      expect(d.file, said).toBe(file);
      expect(said, said).not.toContain('\n');
    }
    return undefined;
  }
  return value;
}

const RESULTS_SEED = JSON.stringify(fullRun(), null, 2);
const PRICES_JSON_SEED = JSON.stringify(
  {
    models: {
      'claude-fable-5-2': [
        { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 },
        {
          from: '2026-01-01',
          input: 2,
          output: 8,
          cacheWrite5m: 2.5,
          cacheWrite1h: 4,
          cacheRead: 0.2,
          tiers: [{ promptTokensOver: 200000, input: 4, output: 16, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 }],
        },
      ],
    },
    aliases: { fable: 'claude-fable-5-2' },
    batch: { discount: 0.5 },
    serverTools: { web_search_requests: { usdPer1000: 10 } },
  },
  null,
  2,
);
const PRICES_YAML_SEED = [
  'models:',
  '  claude-fable-5-2:',
  '    input: 1',
  '    output: 5',
  '    cacheWrite5m: 1.25',
  '    cacheWrite1h: 2',
  '    cacheRead: 0.1',
  'aliases:',
  '  fable: claude-fable-5-2',
  'batch:',
  '  discount: 0.5',
  '',
].join('\n');
const EXPORT_SEED = JSON.stringify(
  [
    { name: 'one', question: 'What is 2+2?', expected: { contains: '4' }, score: 1 },
    { name: 'two', question: 'Name a colour', golden_answer: 'red' },
  ],
  null,
  2,
);
const CASSETTE_SEED = JSON.stringify(
  {
    promptgate_cassette: 1,
    key: 'k',
    call: 's/c',
    recorded_at: '2026-01-01T00:00:00Z',
    latency_ms: 12,
    request: { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] },
    response: {
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-haiku-4-5',
        content: [{ type: 'text', text: 'hello' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 3, output_tokens: 1 },
      },
    },
  },
  null,
  2,
);

/** What a results file that was read becomes: merged, written as --results writes it, read back, every report rendered. */
async function roundTrip(file: string, result: Awaited<ReturnType<typeof readRunResult>>): Promise<void> {
  const merged = mergeResults([{ file, result }]);
  const again = write('merged.json', await REPORT_TARGETS.results.render(merged));
  await expect(readRunResult(again), `${file} merged`).resolves.toBeDefined();
  for (const [name, target] of Object.entries(REPORT_TARGETS)) {
    const text = await target.render(merged, name === 'costReport' ? 'cost.md' : `${name}.out`);
    // JSON may write 1e+21 for a score; what people read never shows a number that way.
    expect(text, `${name} of ${file}`).not.toMatch(name === 'results' ? /\bNaN\b|Infinity/ : /\$-?(Infinity|NaN)|\bNaN\b|Infinity|\de\+\d/);
  }
}

describe(`readers on mutated files (seed ${SEED}, ${RUNS} of each)`, () => {
  it('results files: read and round-trip, or refused at their place', async () => {
    for (let i = 0; i < RUNS; i++) {
      const file = write('results.json', mutate(RESULTS_SEED, false));
      const result = (await readsOrRefuses(file, () => readRunResult(file))) as Awaited<ReturnType<typeof readRunResult>> | undefined;
      if (result) await roundTrip(file, result);
    }
  }, 60_000);

  it('price files, JSON and YAML', async () => {
    for (let i = 0; i < RUNS; i++) {
      const json = write('prices.json', mutate(PRICES_JSON_SEED, false));
      await readsOrRefuses(json, () => readPriceFile(json));
      // One in four: yaml takes most of a second to parse 10,000 flow levels before the depth check refuses them.
      if (i % 4) continue;
      const yaml = write('prices.yaml', mutate(PRICES_YAML_SEED, true));
      await readsOrRefuses(yaml, () => readPriceFile(yaml));
    }
  }, 60_000);

  it('exports', async () => {
    for (let i = 0; i < RUNS; i++) {
      const file = write('export.json', mutate(EXPORT_SEED, false));
      await readsOrRefuses(file, () => importFile(file, { cwd: dir }));
    }
  }, 60_000);

  it('cassettes: read, or an Error saying why (replay names the file), never a stack overflow', () => {
    for (let i = 0; i < RUNS; i++) {
      const file = write('cassette.json', mutate(CASSETTE_SEED, false));
      try {
        readCassetteSync(file);
      } catch (e) {
        expect(e, file).not.toBeInstanceOf(RangeError);
        expect((e as Error).message, file).not.toMatch(/call stack/);
      }
    }
  });

  it('the seeds themselves read', async () => {
    await expect(readRunResult(write('results.json', RESULTS_SEED))).resolves.toBeDefined();
    expect(readPriceFile(write('prices.json', PRICES_JSON_SEED))).toBeDefined();
    expect(readPriceFile(write('prices.yaml', PRICES_YAML_SEED))).toBeDefined();
    await expect(importFile(write('export.json', EXPORT_SEED), { cwd: dir })).resolves.toBeDefined();
    expect(readCassetteSync(write('cassette.json', CASSETTE_SEED))).toBeDefined();
  });
});

describe('special files, refused at once', () => {
  const fifo = path.join(dir, 'fifo.json');
  const folder = path.join(dir, 'folder.json');
  const big = path.join(dir, 'big.json');
  spawnSync('mkfifo', [fifo]);
  mkdirSync(folder);
  // Sparse: over every cap promptgate reads at, without writing a byte.
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 2 ** 30);
  closeSync(fd);

  const readers: [string, (file: string) => unknown][] = [
    ['results', (f) => readRunResult(f)],
    ['price file', (f) => readPriceFile(f)],
    ['export', (f) => importFile(f, { cwd: dir })],
  ];
  for (const [name, read] of readers) {
    it(`${name}: a FIFO, /dev/zero, a directory, a file over the cap`, async () => {
      for (const [file, why] of [
        [fifo, 'a named pipe'],
        ['/dev/zero', 'a device'],
        [folder, 'a directory'],
        [big, 'at most'],
      ] as const) {
        const error = await Promise.resolve()
          .then(() => read(file))
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error, `${name} ${file}`).toBeInstanceOf(InputError);
        expect((error as InputError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: .*${why}`));
      }
    });
  }
  it('a json_schema file a suite names: a FIFO is refused at once, 10,000 levels before ajv compiles it', async () => {
    const check = (file: string) => registry.get('json_schema')!.check!(file, { suiteDir: dir, grader: {} });
    expect(await check('fifo.json')).toEqual(['schema file fifo.json: this is a named pipe, not a schema file']);
    writeFileSync(path.join(dir, 'deep-schema.json'), `{"not":${'{"not":'.repeat(DEEP)}{}${'}'.repeat(DEEP)}}`);
    expect(await check('deep-schema.json')).toEqual(['schema file deep-schema.json is nested more than 100 levels deep at 1:701']);
  });

  it('cassette: nested 10,000 levels is an error before the request is hashed (which recurses)', () => {
    const deep = CASSETTE_SEED.replace('"content": "hi"', `"content": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}`);
    expect(() => readCassetteSync(write('deep-cassette.json', deep))).toThrow(/^nested more than 1000 levels deep at line \d+, column \d+$/);
  });

  it('a value nested 10,000 levels under a key given twice (JSON.parse keeps the last): one clear error, never a stack overflow', async () => {
    // The deep value is in the text alone; what reads the text again to place a problem or a row recurses over it.
    const twice = (seed: string) => seed.replace('{', `{"x": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}, "x": 1,`);
    const outcome = async (read: () => unknown) =>
      Promise.resolve()
        .then(read)
        .then(
          () => 'read',
          (e: unknown) => e,
        );
    // With a problem in its shape too, so that the reader reads the text again to place it.
    for (const [name, read] of [
      ['results', () => readRunResult(write('twice-results.json', twice(RESULTS_SEED).replace('"mode": "replay"', '"mode": 7')))],
      ['price file', () => readPriceFile(write('twice-prices.json', twice(PRICES_JSON_SEED).replace('"input": 1,', '"input": "one",')))],
    ] as const) {
      const result = await outcome(read);
      expect(result, name).toBeInstanceOf(InputError);
      expect((result as InputError).message, name).toMatch(/twice-(results|prices)\.json: error: /);
    }
    // Import places every row by reading the text again, so the text itself is refused, placed.
    const exported = await outcome(() => importFile(write('twice-export.json', twice(EXPORT_SEED)), { cwd: dir }));
    expect(exported).toBeInstanceOf(InputError);
    expect((exported as InputError).message).toMatch(/twice-export\.json:\d+:\d+: .*nested more than 100 levels deep/);
  });

  it('cassette: a FIFO and /dev/zero are errors, not hangs', () => {
    expect(() => readCassetteSync(fifo)).toThrow(/named pipe/);
    expect(() => readCassetteSync('/dev/zero')).toThrow(/device/);
  });

  it.skipIf(process.platform !== 'linux')('a file of no stated size (/proc): read to its end, and refused once it passes the cap', async () => {
    const tooBig = (size: number) => `${size} bytes is more than the cap`;
    const refused = { problem: 'it reads as more than 16 bytes, more than a file may hold (the system states no size for it)' };
    for (const read of [readFileBytes, readFileBytesSync]) {
      const whole = await read('/proc/self/status', 1 << 20, 'a file', tooBig);
      expect('bytes' in whole && whole.bytes.toString('utf8'), read.name).toMatch(/^Name:.*\n[^]*\nPid:/);
      expect(await read('/proc/self/status', 16, 'a file', tooBig), read.name).toEqual(refused);
      // Gigabytes of page table, which were read to the end: refused after the first chunk over the cap.
      expect(await read('/proc/self/pagemap', 1 << 20, 'a file', tooBig), read.name).toEqual({
        problem: expect.stringMatching(/^it reads as more than 1048576 bytes/),
      });
    }
  });
});

describe('through the CLI: exit 2, one line naming the file', () => {
  const deep = path.join(dir, 'deep.json');
  writeFileSync(deep, '['.repeat(DEEP) + ']'.repeat(DEEP));
  const fifo = path.join(dir, 'cli-fifo.json');
  spawnSync('mkfifo', [fifo]);
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, timeout: 20_000 });
  const cases: [string, string[], string][] = [
    ['report on 10,000 nested lists', ['report', deep], deep],
    ['merge with a FIFO', ['merge', deep, fifo], fifo],
    ['run --prices /dev/zero', ['run', '--prices', '/dev/zero'], '/dev/zero'],
    ['run --prices on a FIFO', ['run', '--prices', fifo], fifo],
    ['import of 10,000 nested lists', ['import', deep], deep],
  ];
  for (const [name, args, file] of cases) {
    it(name, () => {
      const out = cli(...args);
      expect(out.signal, 'it did not hang').toBeNull();
      expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(out.stderr.split('\n').filter((l) => l.startsWith(file)).length).toBeGreaterThanOrEqual(1);
      expect(out.status).toBe(2);
    });
  }
});
