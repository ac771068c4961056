/**
 * The live-sharded job's check and run steps with PROMPTGATE_CONCURRENCY as a repository variable would set it:
 * a whole number becomes each shard's quarter as --concurrency, unset leaves the limit to promptgate;
 * anything else is refused before the shell could evaluate it (bash arithmetic runs `a[$(cmd)]`). A stand-in npx records its arguments.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const workflow = parse(readFileSync(path.join(root, '.github/workflows/prompt-regression.yml'), 'utf8')) as {
  jobs: Record<string, { steps: { run?: string }[] }>;
};
const steps = workflow.jobs['live-sharded']!.steps.map((s) => s.run ?? '');
const check = steps.find((r) => r.includes('PROMPTGATE_CONCURRENCY'))!;
const shard = steps.find((r) => r.includes('--shard'))!.replaceAll('${{ matrix.shard }}', '2');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'promptgate-shard-step-'));
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'bin/npx'), '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$PWD/npx.args"\n');
  chmodSync(path.join(dir, 'bin/npx'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// As GitHub runs the two steps, one after the other: bash -e, the workflow's env.
function step(concurrency: string) {
  const r = spawnSync('bash', ['-e', '-c', `(${check}\n) && (${shard}\n)`], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, CONCURRENCY: concurrency, MAX_COST: '5' },
  });
  const argsFile = path.join(dir, 'npx.args');
  return { code: r.status, out: r.stdout + r.stderr, args: existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split('\n') : undefined };
}

it.each([
  ['4', '1'],
  ['8', '2'],
  ['9', '3'],
  ['1', '1'],
])('PROMPTGATE_CONCURRENCY=%s gives each of the 4 shards --concurrency %s', (concurrency, quarter) => {
  const r = step(concurrency);
  expect(r.code, r.out).toBe(0);
  expect(r.args).toEqual(expect.arrayContaining(['--shard', '2/4', '--max-cost', '1.25', `--concurrency=${quarter}`]));
});

it('PROMPTGATE_CONCURRENCY unset: no --concurrency, so each shard follows the rate-limit headers', () => {
  const r = step('');
  expect(r.code, r.out).toBe(0);
  expect(r.args).toEqual(expect.arrayContaining(['--shard', '2/4', '--max-cost', '1.25']));
  expect(r.args!.some((a) => a.startsWith('--concurrency'))).toBe(false);
});

it.each(['a[$(touch pwned)]', 'x[`touch pwned`]', '4\n::add-mask::x', '0', '-4', '1e3', '4 ', ' ', '99999'])(
  'PROMPTGATE_CONCURRENCY=%j is refused before anything runs',
  (concurrency) => {
    const r = step(concurrency);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toBe('::error::promptgate: the repository variable PROMPTGATE_CONCURRENCY must be a whole number of requests, 1 to 9999');
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(r.args).toBeUndefined();
  },
);
