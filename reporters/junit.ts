/**
 * JUnit XML in the shape of the xunit-plugin junit-10.xsd (what GitHub's test reporters read), plus
 * `file` and `line` on <testcase> unless plain junit-10 is asked for. Repeats fold into their case's
 * <testcase>, so a case keeps one history line in CI however often it runs.
 */
import { caseLabel, type CaseResult, type RunResult, type SampleResult, type SuiteResult } from '../src/run-result.ts';
import { tally } from './cost-tally.ts';
import { totalText } from './cost.ts';
import { suiteApiVersions } from './api-version.ts';
import {
  assertionTitle,
  errors,
  failedTrajectory,
  findings,
  headline,
  passRateLine,
  refusalText,
  samplesNote,
  shownActual,
  trajectoryLine,
  where,
} from './reasons.ts';
import { caseTime, suiteTime } from './timing.ts';
import { truncate, xmlAttr, xmlText } from './xml.ts';

/** Per sample output in <system-out>, and per expected/actual value in failure text. */
const MAX_OUTPUT = 8_000;
const MAX_VALUE = 2_000;
const FULL = 'the results JSON (--results)';

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function attrs(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** junit-10's timestamp: a local date-time without fraction or zone; ours is the run's UTC start. */
function timestamp(iso: string): string | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 19);
}

function failureText(suite: SuiteResult, c: CaseResult): string {
  const lines: string[] = [];
  const rate = passRateLine(c);
  if (rate) lines.push(rate);
  for (const { assertion: a, samples, refusal } of findings(c)) {
    lines.push(`✗ ${assertionTitle(a)}: ${a.reason}${samplesNote(c, samples)}`);
    if (a.expected !== undefined) lines.push(`    expected: ${truncate(a.expected, MAX_VALUE, FULL)}`);
    const actual = shownActual(a, refusal);
    if (actual !== undefined) lines.push(`    actual:   ${truncate(actual, MAX_VALUE, FULL)}`);
    lines.push(`    at ${assertionTitle(a)} (${where(suite.file, a.line, a.col)})`);
  }
  const trajectory = failedTrajectory(c);
  if (trajectory) lines.push(`trajectory${c.samples.length > 1 ? ` [sample ${trajectory.repeat}]` : ''}: ${truncate(trajectory.line, MAX_VALUE, FULL)}`);
  for (const { repeat, error } of errors(c)) lines.push(`sample ${repeat} errored: ${error.type}: ${error.message}`);
  lines.push(`at ${caseLabel(c)} (${where(suite.file, c.line, c.col)})`);
  return lines.join('\n');
}

/**
 * The message attribute is what CI shows on one line: a reason written over several (a check's own,
 * a refusal's) is joined. Split, not one regex: a regex around the line break backtracks on a long
 * run of spaces in a reason nothing has cut short.
 */
function oneLine(text: string): string {
  return text
    .split(/\r\n|[\r\n]/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' · ');
}

/** The failure's one-line message: why, and for a tool-loop case the trajectory in short (CI shows only this line). */
function failureMessage(c: CaseResult): string {
  const trajectory = failedTrajectory(c);
  return trajectory ? `${headline(c)} · trajectory: ${trajectory.line}` : headline(c);
}

function errorText(suite: SuiteResult, c: CaseResult): string {
  const lines: string[] = [];
  for (const { repeat, error } of errors(c)) {
    lines.push(`${c.samples.length > 1 ? `sample ${repeat}: ` : ''}${error.type}: ${error.message}`);
    if (error.status !== undefined) lines.push(`    status: ${error.status}`);
    if (error.requestId) lines.push(`    request id: ${error.requestId}`);
    if (error.hint) lines.push(`    fix: ${error.hint}`);
    if (error.diff) lines.push(truncate(error.diff, MAX_OUTPUT, FULL));
  }
  if (lines.length === 0 && c.reason) lines.push(c.reason);
  lines.push(`at ${caseLabel(c)} (${where(suite.file, c.line, c.col)})`);
  return lines.join('\n');
}

function sampleOutput(s: SampleResult): string[] {
  const out: string[] = [];
  if (s.output) {
    const trajectory = trajectoryLine(s.output, MAX_VALUE);
    if (trajectory) out.push(`trajectory: ${truncate(trajectory, MAX_OUTPUT, FULL)}`);
    if (s.output.text) out.push(truncate(s.output.text, MAX_OUTPUT, FULL));
    for (const t of s.output.toolCalls) out.push(`tool call ${t.name} ${truncate(JSON.stringify(t.input) ?? '', MAX_VALUE, FULL)}`);
    out.push(`stop reason: ${s.output.stopReason ?? 'none'}`);
    const refusal = refusalText(s.output);
    if (refusal) out.push(truncate(refusal, MAX_VALUE, FULL));
  }
  return out;
}

function systemOut(c: CaseResult, at: string): string {
  const calls = c.samples.flatMap((s) => s.calls);
  const head = [`status: ${c.status}`];
  const rate = passRateLine(c);
  if (rate) head.push(rate);
  if (c.flaky) head.push('flaky');
  if (calls.length) head.push(`cost ${totalText(tally(calls, at))}`);
  const lines = [head.join(' · ')];
  const many = c.samples.length > 1;
  for (const s of c.samples) {
    const out = sampleOutput(s);
    if (many) lines.push(`--- sample ${s.repeat} (${s.status}) ---`);
    lines.push(...out);
  }
  return lines.join('\n');
}

export interface JunitOptions {
  /** `file` and `line` on each <testcase>, where the case is defined (default true). */
  fileLine?: boolean;
}

function testcase(suite: SuiteResult, c: CaseResult, options: JunitOptions, at: string): string {
  const located = options.fileLine !== false;
  const open = `    <testcase${attrs([
    ['name', caseLabel(c)],
    ['classname', suite.name],
    ['time', seconds(caseTime(c))],
    ['file', located ? suite.file : undefined],
    ['line', located ? c.line : undefined],
  ])}`;
  const body: string[] = [];
  if (c.status === 'skipped') body.push(`      <skipped${attrs([['message', c.reason ?? 'skipped']])}/>`);
  if (c.status === 'failed') {
    body.push(
      `      <failure${attrs([
        ['message', truncate(oneLine(failureMessage(c)), 500, FULL)],
        ['type', 'AssertionFailure'],
      ])}>${xmlText(failureText(suite, c))}</failure>`,
    );
  }
  // JUnit has two kinds of not-passing: a failure is the answer's fault; an error is anything else,
  // so a broken check is an error of its own type, never a failure blamed on the prompt.
  if (c.status === 'broken') {
    body.push(
      `      <error${attrs([
        ['message', truncate(oneLine(failureMessage(c)), 500, FULL)],
        ['type', 'CheckBroken'],
      ])}>${xmlText(failureText(suite, c))}</error>`,
    );
  }
  if (c.status === 'errored') {
    const type = errors(c)[0]?.error.type ?? 'Error';
    body.push(
      `      <error${attrs([
        ['message', truncate(oneLine(headline(c)), 500, FULL)],
        ['type', type],
      ])}>${xmlText(errorText(suite, c))}</error>`,
    );
  }
  if (c.status !== 'skipped') body.push(`      <system-out>${xmlText(systemOut(c, at))}</system-out>`);
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

function testsuite(result: RunResult, suite: SuiteResult, options: JunitOptions): string {
  const count = (status: CaseResult['status']) => suite.cases.filter((c) => c.status === status).length;
  const props: [string, string][] = [
    ['file', suite.file],
    ['digest', suite.digest],
    ['mode', result.mode],
    ['promptgate', result.tool.version],
    ['started', result.startedAt],
  ];
  if (result.shard) props.push(['shard', `${result.shard.index}/${result.shard.total}`]);
  if (result.api) props.push(['anthropic-version', suiteApiVersions(result, suite).join(', ')], ['anthropic-sdk', result.api.sdk]);
  // The message names its reason (`budget: …`, `interrupted (Ctrl-C)`), as the console prints it.
  if (result.stopped) props.push(['stopped', result.stopped.message]);
  const open = `  <testsuite${attrs([
    ['name', suite.name],
    ['tests', suite.cases.length],
    ['failures', count('failed')],
    ['errors', count('errored') + count('broken')],
    ['skipped', count('skipped')],
    ['time', seconds(suiteTime(result, suite))],
    ['timestamp', timestamp(result.startedAt)],
  ])}>`;
  return [
    open,
    '    <properties>',
    ...props.map(
      ([name, value]) =>
        `      <property${attrs([
          ['name', name],
          ['value', value],
        ])}/>`,
    ),
    '    </properties>',
    ...suite.cases.map((c) => testcase(suite, c, options, result.startedAt)),
    '  </testsuite>',
  ].join('\n');
}

export function junitXml(result: RunResult, options: JunitOptions = {}): string {
  const cases = result.suites.flatMap((s) => s.cases);
  const stopped = result.stopped ? 1 : 0;
  const open = `<testsuites${attrs([
    ['name', 'promptgate'],
    ['tests', cases.length + stopped],
    ['failures', cases.filter((c) => c.status === 'failed').length],
    ['errors', cases.filter((c) => c.status === 'errored' || c.status === 'broken').length + stopped],
    ['time', seconds(result.durationMs)],
  ])}>`;
  const suites = result.suites.map((s) => testsuite(result, s, options));
  if (result.stopped) suites.push(stoppedSuite(result, result.stopped));
  return ['<?xml version="1.0" encoding="UTF-8"?>', open, ...suites, '</testsuites>', ''].join('\n');
}

/**
 * A run that stopped early (Ctrl-C, the budget) as one errored testcase of its own. The cases it did
 * not reach are skipped, and every JUnit reader counts a skip as no failure: without it, a check
 * built from the file passed an interrupted run whose exit code was 3.
 */
function stoppedSuite(result: RunResult, stopped: NonNullable<RunResult['stopped']>): string {
  const text = `the run stopped before every case ran: ${stopped.message}. The cases it did not reach are skipped ("not run"); what finished is reported as it ended.`;
  return [
    `  <testsuite${attrs([
      ['name', 'promptgate run'],
      ['tests', 1],
      ['failures', 0],
      ['errors', 1],
      ['skipped', 0],
      ['time', seconds(0)],
      ['timestamp', timestamp(result.startedAt)],
    ])}>`,
    `    <testcase${attrs([
      ['name', 'stopped early'],
      ['classname', 'promptgate run'],
      ['time', seconds(0)],
    ])}>`,
    `      <error${attrs([
      ['message', truncate(`stopped early: ${stopped.message}`, 500, FULL)],
      ['type', 'RunStopped'],
    ])}>${xmlText(text)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
}
