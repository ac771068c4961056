/**
 * A custom check can write through every stream API Node gives it: a string, a Buffer, a
 * Uint8Array, a hex-encoded string, console.log and console.error, and its returned reason. Each
 * carries only an interior slice of the key (neither its start nor its end), and none reaches
 * stdout, stderr or a report.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { spawnCli } from '../support/cli.ts';

// Key-shaped, made at run time so no key-shaped literal sits in the repository.
const KEY = ['sk', 'ant', 'api03', randomBytes(60).toString('base64url')].join('-');
// 12 characters from the middle: no prefix or suffix rule could catch them.
const SLICE = KEY.slice(40, 52);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ responder: () => ({ content: 'an answer' }) });
});
afterAll(() => sim.close());

const SUITE = `name: writes
model: claude-haiku-4-5
max_tokens: 64
cases:
  - id: check-writes
    prompt: "Hello"
    assert:
      - javascript: checks/writes.js#writes
`;

const CHECK = `export function writes() {
  const slice = process.env.ANTHROPIC_API_KEY.slice(40, 52);
  process.stdout.write(Buffer.from('buffer on stdout: ' + slice + '\\n'));
  process.stderr.write(new TextEncoder().encode('bytes on stderr: ' + slice + '\\n'));
  process.stdout.write(Buffer.from('hex on stdout: ' + slice + '\\n').toString('hex'), 'hex');
  process.stdout.write('string on stdout: ' + slice + '\\n');
  console.log('console.log:', slice);
  console.error('console.error:', Buffer.from(slice).toString());
  return { pass: false, reason: 'the reason holds ' + slice };
}
`;

it('no interior slice of the key a check writes, as text or as bytes, reaches stdout, stderr or a report', async () => {
  const dir = await tempProject({ 'suites/writes.yaml': SUITE, 'suites/checks/writes.js': CHECK });
  // A real process: the check writes to the process's own streams, which only bin/ guards.
  const r = await spawnCli(['run', '--record=all', '--results', 'out/results.json', '--junit', 'out/junit.xml'], {
    cwd: dir,
    env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url },
  });
  expect(r.code, r.stderr).toBe(1); // the check failed the case: it ran, and every write happened
  const places: [string, string][] = [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ['results', await readFile(path.join(dir, 'out/results.json'), 'utf8')],
    ['junit', await readFile(path.join(dir, 'out/junit.xml'), 'utf8')],
  ];
  expect(places.filter(([, text]) => text.includes(SLICE)).map(([where]) => where)).toEqual([]);
  // The writes arrived, redacted: the guard was exercised, not bypassed.
  for (const line of ['buffer on stdout: [redacted]', 'hex on stdout: [redacted]', 'string on stdout: [redacted]', 'console.log: [redacted]'])
    expect(r.stdout).toContain(line);
  for (const line of ['bytes on stderr: [redacted]', 'console.error: [redacted]']) expect(r.stderr).toContain(line);
  expect(places[2]![1]).toContain('the reason holds [redacted]');
});
