/** The library as a JavaScript caller uses it: options left out take the CLI's defaults. */
import path from 'node:path';
import { expect, test } from 'vitest';
import { runContext } from '../../src/run-context.ts';
import { runSequence } from '../../src/run-sequence.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('runSequence with no mode replays from the recordings, offline, with no key', async () => {
  // No key and no network: a mode that calls the API would be refused before anything ran.
  const out = await runSequence({ paths: ['suites/contact-extraction.yaml'] }, runContext({ cwd: ROOT, env: {} }));
  expect(out.result.mode).toBe('replay');
  expect(out.exitCode).toBe(0);
  expect(out.result.suites[0]!.cases.length).toBeGreaterThan(0);
  expect(out.result.suites[0]!.cases.every((c) => c.samples.every((s) => s.calls.every((call) => call.cassette !== undefined)))).toBe(true);
});
