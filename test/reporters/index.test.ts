import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunResult, writeReports } from '../../reporters/index.ts';
import { resultsJson } from '../../reporters/results-json.ts';
import { InputError } from '../../src/input-error.ts';
import { realisticRun } from './fixtures.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pg-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(at(name), 'utf8');

describe('writeReports', () => {
  it('writes each requested report and picks the cost format by extension', async () => {
    const written = await writeReports(realisticRun(), {
      results: at('run/results.json'),
      junit: at('run/junit.xml'),
      costReport: at('run/cost.md'),
      markdown: at('run/summary.md'),
      html: at('run/report.html'),
    });
    expect(written).toEqual(['results.json', 'junit.xml', 'cost.md', 'summary.md', 'report.html'].map((f) => at(`run/${f}`)));
    expect(read('run/cost.md')).toMatch(/^# promptgate cost report/);
    await writeReports(realisticRun(), { costReport: at('run/cost.json') });
    expect(JSON.parse(read('run/cost.json')).kind).toBe('promptgate-cost-report');
    expect(await writeReports(realisticRun(), {})).toEqual([]);
  });

  it('saves results with stable key order, so key insertion order does not change the bytes', () => {
    const a = realisticRun();
    const shuffled = {
      suites: a.suites,
      version: a.version,
      durationMs: a.durationMs,
      mode: a.mode,
      startedAt: a.startedAt,
      tool: { version: '0.1.0', name: 'promptgate' },
    } as typeof a;
    expect(resultsJson(shuffled)).toBe(resultsJson(a));
    expect(resultsJson(a)).toMatch(/^\{\n  "durationMs": 8421,\n  "mode": "replay",/);
  });
});

describe('promptgate report', () => {
  it('reproduces byte-identical JUnit, cost and HTML files from the saved results', async () => {
    const targets = { results: at('orig/results.json'), junit: at('orig/junit.xml'), costReport: at('orig/cost.json'), html: at('orig/report.html') };
    await writeReports(realisticRun(), targets);
    await writeReports(realisticRun(), { costReport: at('orig/cost.md') });
    expect(
      (
        await runCli(
          [
            'report',
            targets.results,
            '--junit',
            'again/junit.xml',
            '--cost-report',
            'again/cost.json',
            '--html',
            'again/report.html',
            '--results',
            'again/results.json',
          ],
          { cwd: dir },
        )
      ).code,
    ).toBe(0);
    expect((await runCli(['report', targets.results, '--cost-report', 'again/cost.md'], { cwd: dir })).code).toBe(0);
    for (const f of ['junit.xml', 'cost.json', 'cost.md', 'report.html', 'results.json']) expect(read(`again/${f}`), f).toBe(read(`orig/${f}`));
  });

  it('runs from the command line', async () => {
    await writeReports(realisticRun(), { results: at('cli/results.json') });
    const { code, stderr } = await runCli(['report', at('cli/results.json'), '--junit', at('cli/junit.xml')]);
    expect(code).toBe(0);
    expect(stderr).toBe(`wrote ${at('cli/junit.xml')}\n`);
    expect(read('cli/junit.xml')).toBe(read('orig/junit.xml'));
  });
});

describe('readRunResult', () => {
  async function refusal(name: string, content: string): Promise<InputError> {
    writeFileSync(at(name), content);
    const error = await readRunResult(at(name)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it('points at the line and column of a JSON syntax error', async () => {
    const e = await refusal('broken.json', '{\n  "version": 1,\n  "mode": "replay"\n  "suites": []\n}\n');
    expect(e.diagnostics[0]).toMatchObject({ file: at('broken.json'), line: 4, col: 3 });
    expect(e.message).toContain(`${at('broken.json')}:4:3: error: not valid JSON`);
  });

  it('points at the end of a truncated file', async () => {
    const e = await refusal('cut.json', '{\n  "version": 1,\n');
    expect(e.diagnostics[0]).toMatchObject({ line: 3, col: 1 });
  });

  it('says which version a file has and which this promptgate reads', async () => {
    const old = { ...realisticRun(), version: 0 };
    const e = await refusal('old.json', JSON.stringify(old));
    expect(e.message).toContain('results version 0 (written by promptgate 0.1.0); this promptgate (0.1.0) reads version 1');
  });

  it('refuses JSON that is not a promptgate results file, or is incomplete', async () => {
    expect((await refusal('other.json', '{"name": "x"}')).message).toContain('not a promptgate results file');
    expect((await refusal('array.json', '[]')).message).toContain('not a promptgate results file');
    const partial = { ...realisticRun(), suites: [{ file: 'a.yaml', name: 'a', cases: [{ id: 'x' }] }] };
    expect((await refusal('partial.json', JSON.stringify(partial))).message).toContain(
      'suites[0].cases[0]: "line", "col", "tags", "status", "repeat", "minPassRate", "flaky", "durationMs", "samples" are missing',
    );
  });

  it('says when the file is missing', async () => {
    const error = await readRunResult(at('nope.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${at('nope.json')}: error: no such results file`);
  });

  it('reads back what writeReports saved', async () => {
    await writeReports(realisticRun(), { results: at('rt/results.json') });
    expect(await readRunResult(at('rt/results.json'))).toEqual(realisticRun());
  });
});
