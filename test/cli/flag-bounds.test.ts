import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it.each([
  [['--repeat', '1e9'], "option '--repeat <n>' argument '1e9' is invalid. expected a whole number from 1 to 1,000."],
  [['--repeat', '1001'], "option '--repeat <n>' argument '1001' is invalid. expected a whole number from 1 to 1,000."],
  [['--shard', '1/1e20'], "option '--shard <i/n>' argument '1/1e20' is invalid. expected I/N with 1 <= I <= N <= 1,000, e.g. 2/4."],
  [
    ['--shard', '1/100000000000000000000'],
    "option '--shard <i/n>' argument '1/100000000000000000000' is invalid. expected I/N with 1 <= I <= N <= 1,000, e.g. 2/4.",
  ],
  [['--timeout-ms', String(2 ** 31)], `option '--timeout-ms <n>' argument '${2 ** 31}' is invalid. expected a whole number from 1 to 3,600,000.`],
  [['--concurrency', '5000'], "option '--concurrency <n>' argument '5000' is invalid. expected a whole number from 1 to 1,000."],
  [['--concurrency', '2.5'], "option '--concurrency <n>' argument '2.5' is invalid. expected a whole number from 1 to 1,000."],
])('run %j is refused before anything runs: exit 2, one line', async (args, message) => {
  const r = await runCli(['run', ...args], { cwd: ROOT });
  expect(r.stderr.split('\n')[0]).toBe(`promptgate: error: ${message}`);
  expect(r.code).toBe(2);
});

it('the ceilings themselves are accepted', async () => {
  const r = await runCli(
    ['run', '--repeat', '1000', '--timeout-ms', '3600000', '--concurrency', '1000', '--shard', '1000/1000', '--filter', 'support-triage/billing'],
    { cwd: ROOT },
  );
  expect(r.stderr).not.toContain('is invalid');
});
