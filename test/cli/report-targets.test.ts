/**
 * The one table of report targets reaches every command that writes reports: each flag it lists
 * is accepted by run, merge and report, and each writes its file.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_TARGETS, writeReports } from '../../reporters/index.ts';
import { realisticRun } from '../reporters/fixtures.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pg-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const targets = Object.entries(REPORT_TARGETS);

/** Every report flag from the table, each with its own file under `sub/` (cost as markdown). */
function everyReport(sub: string): { args: string[]; files: string[] } {
  const files = targets.map(([name]) => path.join(dir, sub, name === 'costReport' ? 'cost.md' : name));
  return { args: targets.flatMap(([, t], i) => [t.flag.split(' ')[0]!, files[i]!]), files };
}

/** stderr; the exit code is left alone (a failed case exits non-zero): the files are what is checked. */
async function cli(args: string[]): Promise<string> {
  return (await runCli(args, { cwd: path.resolve(import.meta.dirname, '../..') })).stderr;
}

describe('report targets', () => {
  it('name each entry as commander names its flag, so what the CLI parses is what writeReports reads', () => {
    for (const [name, target] of targets) expect(new Option(target.flag).attributeName(), target.flag).toBe(name);
  });

  it('are all written by report, merge and run', async () => {
    const saved = path.join(dir, 'results.json');
    await writeReports(realisticRun(), { results: saved });
    for (const [command, inputs] of [
      ['report', [saved]],
      ['merge', [saved]],
      ['run', ['suites/support-triage.yaml']],
    ] as const) {
      const { args, files } = everyReport(command);
      const stderr = await cli([command, ...inputs, ...args]);
      expect(
        files.filter((f) => !existsSync(f)),
        `${command} did not write (stderr: ${stderr})`,
      ).toEqual([]);
    }
  }, 60_000);
});
