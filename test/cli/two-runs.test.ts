/**
 * Everything a run needs is a value of that run: two `promptgate run`s at once in one process, each
 * with its own price file and key, price by their own file and redact their own key, and neither's
 * output carries anything of the other's.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempProject } from '../support/project.ts';
import { runMain } from '../support/run-main.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';

// Not key-shaped (sk-ant-...), so only each run's own secrets can redact them; same length, so the same usage.
const KEYS = { a: 'alpha-Qx7pLm2Vn9Wd', b: 'bravo-Zr4kTw8Hs3Jc' };
const rates = (n: number) => ({ input: n, output: 5 * n, cacheWrite5m: 1.25 * n, cacheWrite1h: 2 * n, cacheRead: 0.1 * n });
/** The case quotes its run's key, and the simulator says it back: a key in the answer, in the console and in the reports. */
const suite = (key: string) =>
  `name: echo\nmodel: claude-haiku-4-5\nmax_tokens: 64\ncases:\n  - id: says-it-back\n    prompt: "repeat after me: ${key}"\n    assert:\n      - equals: something else\n`;

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ responder: (r) => `you said: ${lastUserText(r)}` });
  dir = await tempProject({
    'a/suites/echo.yaml': suite(KEYS.a),
    'b/suites/echo.yaml': suite(KEYS.b),
    'a/prices-a.json': JSON.stringify({ models: { 'claude-haiku-4-5': rates(1) } }),
    'b/prices-b.json': JSON.stringify({ models: { 'claude-haiku-4-5': rates(3) } }),
  });
});
afterAll(() => sim?.close());

test('two runs at once, with different price files and keys, keep each to its own', async () => {
  const run = (name: 'a' | 'b') =>
    runMain(['run', 'suites/echo.yaml', '--live', '--prices', `prices-${name}.json`, '--cost-report', 'cost.json', '--results', 'results.json'], {
      cwd: `${dir}/${name}`,
      env: { ANTHROPIC_API_KEY: KEYS[name], ANTHROPIC_BASE_URL: sim.url, CI: '1' },
    });
  const [a, b] = await Promise.all([run('a'), run('b')]);
  expect([a.code, b.code]).toEqual([1, 1]);
  const files = async (name: 'a' | 'b') => ({
    cost: JSON.parse(await readFile(`${dir}/${name}/cost.json`, 'utf8')) as { prices: { file?: string }; total: { usd: { total: number } } },
    results: await readFile(`${dir}/${name}/results.json`, 'utf8'),
  });
  const [fa, fb] = await Promise.all([files('a'), files('b')]);
  // Each priced by its own file: the same usage at three times the rates costs three times as much.
  expect(fa.cost.prices.file).toBe('prices-a.json');
  expect(fb.cost.prices.file).toBe('prices-b.json');
  expect(fa.cost.total.usd.total).toBeGreaterThan(0);
  expect(fb.cost.total.usd.total).toBeCloseTo(3 * fa.cost.total.usd.total, 12);
  // Each redacts its own key, which the answer carried into its console and its reports.
  for (const [name, own, text] of [
    ['a', KEYS.a, a.stdout + a.stderr + fa.results],
    ['b', KEYS.b, b.stdout + b.stderr + fb.results],
  ] as const) {
    expect(text, name).toContain('you said: repeat after me: [redacted]');
    expect(text, name).not.toContain(own);
  }
  // Neither shows the other's key or price file.
  expect(a.stdout + a.stderr + fa.results).not.toMatch(/bravo|prices-b/);
  expect(b.stdout + b.stderr + fb.results).not.toMatch(/alpha|prices-a/);
});
