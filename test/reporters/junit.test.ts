import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../reporters/junit.ts';
import type { RunResult } from '../../src/run-result.ts';
import { batchRun, realisticRun } from './fixtures.ts';

const xsd = readFileSync(new URL('./junit-10-with-file-line.xsd', import.meta.url), 'utf8');

async function validate(xml: string) {
  return validateXML({
    xml: { fileName: 'junit.xml', contents: xml },
    schema: { fileName: 'junit-10-with-file-line.xsd', contents: xsd },
  });
}

describe('junitXml', () => {
  const xml = junitXml(realisticRun());

  it('validates against junit-10.xsd (+ file/line) with passes, failures, errors, skips, unicode and hostile output', async () => {
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the schema is strict enough to reject what junit-10 forbids', async () => {
    const bad = xml.replace('<testcase name="out-of-scope"', '<testcase status="x" name="out-of-scope"');
    expect((await validate(bad)).valid).toBe(false);
    const badTime = xml.replace('time="0.500"', 'time="0.5005"');
    expect((await validate(badTime)).valid).toBe(false);
  });

  it('counts per suite and overall', () => {
    expect(xml).toContain('<testsuites name="promptgate" tests="7" failures="3" errors="1" time="8.421">');
    expect(xml).toContain('<testsuite name="support-triage" tests="5" failures="2" errors="1" skipped="1" time="4.015" timestamp="2026-11-03T09:15:42">');
  });

  it('points each case at its suite line and lists failed assertions with expected vs actual', () => {
    expect(xml).toContain('<testcase name="out-of-scope" classname="support-triage" time="0.500" file="suites/support-triage.yaml" line="19">');
    expect(xml).toContain(
      [
        '✗ contains: output does not contain "I can only help with"',
        '    expected: "I can only help with"',
        '    actual:   "It is sunny and 22°C in Paris today."',
        '    at contains (suites/support-triage.yaml:22:9)',
        'at out-of-scope (suites/support-triage.yaml:19:5)</failure>',
      ].join('\n'),
    );
  });

  it('folds repeats into one testcase with the pass rate and which samples failed', () => {
    expect(xml.match(/<testcase name="extraction-json"/g)).toHaveLength(1);
    expect(xml).toContain('pass rate 60% (3/5), below min_pass_rate 80%\n✗ json_schema: output is not JSON: Unexpected token S at 1:1 [samples 2, 4]');
    expect(xml).toContain('--- sample 4 (failed) ---');
  });

  it('reports an error as <error>, never as a failure, with the fix', () => {
    const refund = xml.slice(xml.indexOf('<testcase name="refund-policy"'), xml.indexOf('<testcase name="weather-later"'));
    expect(refund).toContain('<error message="stale_recording: the request no longer matches');
    expect(refund).toContain('type="stale_recording"');
    expect(refund).toContain('fix: npx promptgate run suites/support-triage.yaml --record --filter refund-policy');
    expect(refund).not.toContain('<failure');
  });

  it('reports a skip with its reason', () => {
    expect(xml).toContain('<skipped message="skip: waiting on the weather tool"/>');
  });

  it('escapes hostile output: control characters, ]]>, markup, lone surrogates; truncates long output', () => {
    const hostile = xml.slice(xml.indexOf('<testcase name="hostile-output"'));
    expect(hostile).toContain('nul\\u0000 bell\\u0007 esc\\u001b[31m');
    expect(hostile).toContain(']]&gt; &lt;/system-out&gt; &lt;script&gt;');
    expect(hostile).toContain('lone\\ud800high lone\\udc00low ok😀pair \\ufffe\\uffff crlf&#13;\nend');
    expect(hostile).toMatch(/\[… truncated: \d+ more characters; the full text is in the results JSON \(--results\)\]/);
    expect(xml.length).toBeLessThan(30_000);
    // oxlint-disable-next-line no-control-regex -- no raw control character may reach the XML
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml.includes(']]>')).toBe(false);
  });

  it('escapes line breaks and quotes in attributes so they survive parsing', async () => {
    const run: RunResult = batchRun();
    run.suites[0]!.name = 'a "quoted"\nsuite\twith <tags>';
    const out = junitXml(run);
    expect(out).toContain('name="a &quot;quoted&quot;&#10;suite&#9;with &lt;tags&gt;"');
    expect((await validate(out)).valid).toBe(true);
  });

  it("keeps a failure's message on one line, as CI shows it: a reason written over several lines is joined", () => {
    const run = realisticRun();
    const failed = run.suites[0]!.cases.find((c) => c.status === 'failed')!;
    failed.samples[0]!.assertions.find((a) => !a.pass)!.reason = 'the check says:\n##[group]g\r\nand more';
    const message = /<failure message="([^"]*)"/.exec(junitXml(run))![1]!;
    expect(message).toContain('the check says: · ##[group]g · and more');
    expect(message).not.toMatch(/&#10;|&#13;/);
  });

  it('an interrupted run is an error of its own: the cases it did not reach are skipped, which no JUnit reader fails on', async () => {
    const run = realisticRun();
    run.stopped = { reason: 'interrupted', message: 'interrupted (Ctrl-C)' };
    const stopped = junitXml(run);
    expect((await validate(stopped)).errors).toEqual([]);
    // One test and one error more than the same run had it ended.
    expect(stopped).toContain('<testsuites name="promptgate" tests="8" failures="3" errors="2" time="8.421">');
    expect(stopped).toContain(
      '<testsuite name="promptgate run" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="2026-11-03T09:15:42">\n' +
        '    <testcase name="stopped early" classname="promptgate run" time="0.000">\n' +
        '      <error message="stopped early: interrupted (Ctrl-C)" type="RunStopped">the run stopped before every case ran: interrupted (Ctrl-C).',
    );
    expect(junitXml(realisticRun())).not.toContain('RunStopped');
  });

  it('is a pure function of the RunResult', () => {
    expect(junitXml(realisticRun())).toBe(xml);
  });
});
