/**
 * `--record` takes its value only as `--record=all`: a path after a bare `--record` is a path. A
 * recording run that found nothing to record sent nothing, and says so instead of printing a cost table.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY } from '../live/project.ts';

const suite = (name: string) =>
  `name: ${name}\nmodel: claude-haiku-4-5\nmax_tokens: 32\ncases:\n  - id: hello\n    prompt: hello ${name}\n    assert:\n      - contains: hello\n`;

describe('run --record', () => {
  it('a bare path after --record is a path; --record=all re-records; nothing to record prints no spend', async () => {
    const dir = await tempProject({ 'suites/a.yaml': suite('a'), 'suites/b.yaml': suite('b') });
    const sim = await startSimulator();
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    try {
      const first = await runCli(['run', '--record', 'suites/a.yaml'], { cwd: dir, env });
      expect(first.stderr).not.toContain('is invalid');
      expect(first.code).toBe(0);
      expect(await readdir(path.join(dir, 'fixtures'))).toEqual(['a']);
      expect(first.stdout).toContain('Cost (list prices):');

      const again = await runCli(['run', '--record', 'suites/a.yaml'], { cwd: dir, env });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Cost: nothing was sent to the API, so nothing was spent (1 call answered from recordings).');
      expect(again.stdout).not.toContain('Cost (list prices)');

      const all = await runCli(['run', '--record=all', 'suites/a.yaml'], { cwd: dir, env });
      expect(all.code).toBe(0);
      expect(all.stdout).toContain('Cost (list prices):');
    } finally {
      await sim.close();
    }
  });

  it("`--record all` (a space for the =) where no path 'all' is: exit 2 saying to write --record=all; a folder named all stays a path", async () => {
    const dir = await tempProject({ 'suites/a.yaml': suite('a') });
    const r = await runCli(['run', '--record', 'all'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: 'all' is not a suite path here: to record every case, write --record=all (with =).\n");
    const withFolder = await tempProject({ 'all/a.yaml': suite('a') });
    const sim = await startSimulator();
    try {
      const recorded = await runCli(['run', '--record', 'all'], { cwd: withFolder, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
      expect(recorded.code, recorded.stderr).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('--help says how --record takes its value, with no internal preset', async () => {
    const help = await runCli(['run', '--help'], { cwd: path.resolve(import.meta.dirname, '../..') });
    expect(help.stdout).toContain('--record=all');
    expect(help.stdout).not.toContain('preset');
  });

  it('a bad --record=value is exit 2 with a did-you-mean', async () => {
    const r = await runCli(['run', '--record=al'], { cwd: path.resolve(import.meta.dirname, '../..') });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "promptgate: error: option '--record [which]' argument 'al' is invalid. expected --record or --record=all (did you mean 'all'?).",
    );
  });
});

it('--model and --grader-model take the unknown-model check: exit 2 with a did-you-mean', async () => {
  const root = path.resolve(import.meta.dirname, '../..');
  let r = await runCli(['run', '--model', 'claude-haiku-4.5'], { cwd: root });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--model: unknown model 'claude-haiku-4.5' (did you mean 'claude-haiku-4-5'?)");
  r = await runCli(['run', '--grader-model', 'claude-sonet-4-6'], { cwd: root });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--grader-model: unknown model 'claude-sonet-4-6' (did you mean 'claude-sonnet-4-6'?)");
});
