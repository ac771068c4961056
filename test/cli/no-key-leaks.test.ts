/**
 * The key never leaves the process: a model that quotes it back, a custom check that returns it,
 * logs it and throws it, and every report, cassette, summary and stream a run writes are searched
 * for the key and for fragments of it.
 */
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redact, secretsOf } from '../../src/redact.ts';
import { tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { spawnCli } from '../support/cli.ts';
// Key-shaped, made at run time so no key-shaped literal sits in the repository.
const KEY = ['sk', 'ant', 'api03', randomBytes(60).toString('base64url')].join('-');
const FRAGMENTS = [KEY, KEY.slice(0, 24), KEY.slice(-12), KEY.slice(7, 40)];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    // A model (or a gateway) that quotes the key back in full, by its start, and by its end.
    responder: () => ({ content: `Your key is ${KEY}. Or in short: ${KEY.slice(0, 24)}… ending in …${KEY.slice(-12)}.` }),
  });
});
afterAll(() => sim.close());

const SUITE = `name: leaky
model: claude-haiku-4-5
max_tokens: 64
cases:
  - id: quotes-the-key
    prompt: "What is my key?"
    assert:
      - contains: "never in the answer"
      - javascript: checks/leak.js#returnsIt
      - javascript: checks/leak.js#throwsIt
`;

const CHECK = `export function returnsIt(text) {
  console.log('check sees', process.env.ANTHROPIC_API_KEY);
  return { pass: false, reason: 'the key is ' + process.env.ANTHROPIC_API_KEY };
}
export function throwsIt() {
  throw new Error('cannot use ' + process.env.ANTHROPIC_API_KEY.slice(0, 30));
}
`;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

it('no key or fragment of it reaches stdout, stderr, cassettes, reports or the step summary', async () => {
  const dir = await tempProject({ 'suites/leaky.yaml': SUITE, 'suites/checks/leak.js': CHECK });
  const reports = [
    '--junit',
    'out/junit.xml',
    '--results',
    'out/results.json',
    '--html',
    'out/report.html',
    '--markdown',
    'out/summary.md',
    '--cost-report',
    'out/cost.json',
  ];
  const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(dir, 'out/step-summary.md') };
  // A real process: the check reads the key from process.env and prints to the process's own streams.
  const r = await spawnCli(['run', '--record=all', ...reports], { cwd: dir, env });
  expect(r.code).toBe(1); // the case failed: the run happened and every report was written
  const written = await filesUnder(dir);
  expect(written.map((f) => path.relative(dir, f)).sort()).toEqual(
    expect.arrayContaining([
      'fixtures/leaky/quotes-the-key.json',
      'out/junit.xml',
      'out/results.json',
      'out/report.html',
      'out/summary.md',
      'out/cost.json',
      'out/step-summary.md',
    ]),
  );
  const outputs: [string, string][] = [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ...(await Promise.all(
      written.filter((f) => !f.endsWith('leak.js')).map(async (f): Promise<[string, string]> => [path.relative(dir, f), await readFile(f, 'utf8')]),
    )),
  ];
  const leaks = outputs.flatMap(([where, text]) => FRAGMENTS.filter((k) => text.includes(k)).map((k) => `${where} holds ${k.length} characters of the key`));
  expect(leaks).toEqual([]);
  // And the places did receive the text, redacted: the guard was exercised, not bypassed.
  expect(await readFile(path.join(dir, 'fixtures/leaky/quotes-the-key.json'), 'utf8')).toContain('Your key is [redacted]');
  expect(r.stdout).toContain('[redacted]');
});

it("keeps a gateway's credentials out as well: ANTHROPIC_CUSTOM_HEADERS values named like one, and a base URL's password or signature", async () => {
  const gatewaySecret = randomBytes(24).toString('base64url');
  const signature = randomBytes(24).toString('hex');
  const quoting = await startSimulator({
    // A gateway that quotes what it was sent: its credential header, a plain header, a signature.
    responder: () => ({ content: `cf-aig-authorization: Bearer ${gatewaySecret}; x-team: platform-evals; sig=${signature}` }),
  });
  try {
    const dir = await tempProject({ 'suites/s.yaml': SUITE.replace(/\n {6}- javascript.*/g, '') });
    const env = {
      ANTHROPIC_API_KEY: KEY,
      ANTHROPIC_BASE_URL: quoting.url,
      ANTHROPIC_CUSTOM_HEADERS: `cf-aig-authorization: Bearer ${gatewaySecret}\nx-team: platform-evals`,
      ANTHROPIC_LOG: 'debug',
    };
    const r = await spawnCli(['run', '--record=all', '--results', 'out/results.json'], { cwd: dir, env });
    expect(r.code).toBe(1);
    const texts = [r.stdout, r.stderr, ...(await Promise.all((await filesUnder(dir)).map((f) => readFile(f, 'utf8'))))].join('\n');
    expect(texts).not.toContain(gatewaySecret.slice(0, 10));
    // The SDK's debug log printed the headers it sent: redacted there too.
    expect(r.stdout + r.stderr).toMatch(/cf-aig-authorization/);
    // A header not named like a credential is ordinary text.
    expect(texts).toContain('x-team: platform-evals');
  } finally {
    await quoting.close();
  }
  // Named like a credential by a word of the name, not by letters inside one: x-design-team holds "sig".
  expect(secretsOf({ ANTHROPIC_CUSTOM_HEADERS: 'x-design-team: production\nx-api-key: gw-0123456789\ncf-aig-cache-key: namespace-one' })).toEqual([
    'gw-0123456789',
    'namespace-one',
  ]);
  // A base URL's user name, password and signature-like query values are secrets of the run.
  const secrets = secretsOf({ ANTHROPIC_BASE_URL: `https://gateway-user:${signature}@gw.example/v1?sig=${signature}x&region=europe-west` });
  expect(redact(`sent ${signature} and ${signature}x to gateway-user in europe-west`, secrets)).toBe(
    'sent [redacted] and [redacted] to [redacted] in europe-west',
  );
});

it('redacts other key-shaped strings and fragments, and leaves ordinary text alone', () => {
  const other = ['sk', 'ant', 'admin01', 'Zx9'.repeat(10)].join('-');
  expect(redact(`a ${other} b`, [])).toBe('a [redacted] b');
  const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
  expect(redact(`start ${secret.slice(0, 10)} end ${secret.slice(-7)} all ${secret}`, [secret])).toBe('start [redacted] end [redacted] all [redacted]');
  expect(redact('npm install and the abcdef words', [secret])).toBe('npm install and the abcdef words');
});
