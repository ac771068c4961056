/**
 * One output boundary: text from outside promptgate (model answers, grader and custom-check reasons,
 * a gateway's error message, suite paths and names, values read from results files and exports,
 * YAML keys, flag values) reaches stdout, stderr and the step summary inert. No raw control
 * character, escape sequence or bidi control, no line a GitHub runner would read as a workflow
 * command but promptgate's own annotations, and no legacy `##[` command anywhere.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { annotations } from '../../reporters/github.ts';
import type { RunResult } from '../../src/run-result.ts';
import { runCli, type CliOutput } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';
import { lastUserText, startSimulator, type Simulator } from '../support/sim/index.ts';
import { KEY } from '../live/project.ts';

/** Each entry something a terminal or the runner would act on; `::stop-commands::` first, so it can begin a line. */
const CORPUS = [
  '::stop-commands::tok',
  'ESC[2J \x1b[2J\x1b[H',
  'OSC 8 \x1b]8;;https://evil.example/\x07click\x1b]8;;\x07',
  'OSC 52 \x1b]52;c;ZXZpbA==\x07',
  'overwrite\rPASSED',
  'back\b\bspace',
  'nul\u0000',
  'DEL\u007f',
  'C1 CSI \u009b2J NEL\u0085',
  'bidi \u202egnp.exe\u2066x\u2069 \u200f',
  'line sep\u2028para sep\u2029',
  '\n::add-mask::x',
  '\n  ::error file=a,line=1::fake',
  '\n::stop-commands::tok2',
  '##[error]legacy',
  '%0A::error::x',
  'crlf\r\n::warning::y',
  'long ' + 'x'.repeat(5000),
];
const HOSTILE = CORPUS.join(' ');
/** For a grader's reason, which must fit in the grader's max_tokens. */
const HOSTILE_SHORT = CORPUS.slice(0, -1).join(' ');
/** For command-line arguments, which cannot hold NUL. */
const HOSTILE_ARG = HOSTILE.replace('\u0000', '');
/** For file names: no `/`, short enough for one path segment. */
const HOSTILE_NAME = '\x1b[2J\r\n::error::f \u202e\u009b ##[x';

/** What a terminal or a log viewer would act on: C0 but tab and LF, DEL, C1, bidi controls, line/paragraph separators. */
// oxlint-disable-next-line no-control-regex -- the characters the test proves never reach the output raw
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Every line the runner would take for a workflow command (it trims leading whitespace first). */
function commandLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trimStart().startsWith('::'));
}

function expectInert(text: string, where: string, own: string[] = []): void {
  const shown = (l: string) => JSON.stringify(l.slice(0, 160));
  const lines = text.split('\n');
  const commands = commandLines(text);
  const problems = [
    ...lines.filter((l) => RAW_CONTROL.test(l)).map((l) => `raw control character: ${shown(l)}`),
    ...commands.filter((l) => !own.includes(l)).map((l) => `workflow command: ${shown(l)}`),
    ...own.filter((l) => !commands.includes(l)).map((l) => `own annotation missing: ${shown(l)}`),
    ...lines.filter((l) => l.includes('##[')).map((l) => `legacy ##[ command: ${shown(l)}`),
  ];
  expect(problems, where).toEqual([]);
}

function expectAllInert(out: CliOutput, where: string, own: string[] = []): void {
  expectInert(out.stdout, `${where} stdout`, own);
  expectInert(out.stderr, `${where} stderr`);
}

const SUITE = `name: hostile
model: claude-haiku-4-5
max_tokens: 64
grader: { model: claude-haiku-4-5 }
cases:
  - id: answer
    name: ${JSON.stringify(HOSTILE)}
    prompt: "say it"
    assert:
      - contains: "never said"
      - equals: "something else"
      - rubric: "Says something else"
      - javascript: checks/hostile.mjs
  - id: refused
    prompt: "refuse"
    assert:
      - contains: "x"
  - id: gateway
    prompt: "gateway error"
    assert:
      - contains: "x"
  - id: skipped
    skip: ${JSON.stringify(HOSTILE)}
    prompt: "never sent"
    assert:
      - contains: "x"
`;
const SUITE_FILE = `suites/${HOSTILE_NAME}.yaml`;

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({
    faults: (_n, request) => (lastUserText(request) === 'gateway error' ? 400 : undefined),
    faultMessage: HOSTILE,
    responder: (request) => {
      if (request.tool_choice) return { content: [{ type: 'tool_use', name: 'grade', input: { pass: false, score: 0, reason: HOSTILE_SHORT } }] };
      if (lastUserText(request) === 'refuse')
        return { content: [], stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'cyber', explanation: HOSTILE } };
      return HOSTILE;
    },
  });
  dir = await tempProject({
    [SUITE_FILE]: SUITE,
    'suites/checks/hostile.mjs': `export default () => ({ pass: false, reason: ${JSON.stringify(HOSTILE)} });\n`,
  });
}, 60_000);
afterAll(() => sim?.close());

const STEP = () => path.join(dir, 'out/step.md');

/** A command as a GitHub Actions step runs it: annotations on stdout, the summary appended to a file. */
async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliOutput & { step: string }> {
  await mkdir(path.join(dir, 'out'), { recursive: true });
  await rm(STEP(), { force: true });
  const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_STEP_SUMMARY: STEP(), ...extraEnv };
  const out = await runCli(args, { cwd: dir, env });
  const step = await readFile(STEP(), 'utf8').catch(() => '');
  return { ...out, step };
}

async function results(file: string): Promise<RunResult> {
  return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as RunResult;
}

/** promptgate's own annotations for a run: the only workflow commands its output may hold. */
function ownAnnotations(result: RunResult): string[] {
  return annotations(result, { workspace: dir, cwd: dir });
}

describe('hostile text from every source stays inert in stdout, stderr and the step summary', () => {
  it('run --record: model answer, grader and custom-check reasons, refusal, gateway error, suite path and names', async () => {
    const out = await cli(['run', '--record', '--results', 'out/results.json', '--junit', 'out/junit.xml']);
    expect(out.code, out.stderr).toBe(3);
    const result = await results('out/results.json');
    const statuses = Object.fromEntries(result.suites[0]!.cases.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({ answer: 'failed', refused: 'failed', gateway: 'errored', skipped: 'skipped' });
    // The hostile text did reach the run: the boundary, not the sources, made it inert.
    expect(JSON.stringify(result)).toContain(JSON.stringify(HOSTILE).slice(1, 200));
    const own = ownAnnotations(result);
    expect(own).toHaveLength(3);
    expectAllInert(out, 'run --record', own);
    expectInert(out.step, 'run --record step summary');
    // Shown, not dropped: the reader still sees what the model said.
    expect(out.stdout).toContain('\\u001b[2J');
    expect(out.stdout).toContain('\\u202egnp.exe');
  });

  it('run (replay from the cassettes just recorded)', async () => {
    const out = await cli(['run', '--results', 'out/replayed.json']);
    expect(out.code, out.stderr).toBe(3);
    expectAllInert(out, 'replay', ownAnnotations(await results('out/replayed.json')));
    expectInert(out.step, 'replay step summary');
  });

  it('run --model with a hostile value: exit 2', async () => {
    const out = await cli(['run', '--model', HOSTILE_ARG]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--model');
    expectAllInert(out, 'run --model');
  });

  it('a bad flag value echoed by the parser: exit 2', async () => {
    const out = await cli(['run', '--shard', HOSTILE_ARG]);
    expect(out.code).toBe(2);
    expectAllInert(out, 'run --shard');
  });

  it('validate: a malformed suite with hostile keys and values', async () => {
    const bad = await tempProject({
      [`suites/${HOSTILE_NAME}.yaml`]: `name: ${JSON.stringify(HOSTILE)}\nmodel: claude-haiku-4-5\n${JSON.stringify(HOSTILE)}: 1\ncases:\n  - id: ${JSON.stringify(HOSTILE)}\n    prompt: hi\n    ${JSON.stringify(HOSTILE.slice(0, 300))}: 2\n    assert:\n      - ${JSON.stringify(HOSTILE.slice(0, 300))}: x\n`,
    });
    const out = await runCli(['validate'], { cwd: bad, env: { GITHUB_ACTIONS: 'true' } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('error:');
    expectAllInert(out, 'validate');
    await rm(bad, { recursive: true, force: true });
  });

  it('report, merge and compare of a results file whose names, ids, models and paths are hostile', async () => {
    const result = await results('out/results.json');
    for (const s of result.suites) {
      s.name = HOSTILE;
      s.file = HOSTILE;
      s.cases.forEach((c, i) => {
        c.id = `${HOSTILE}${i}`;
        c.model = HOSTILE;
      });
    }
    await writeFile(path.join(dir, 'out/hostile.json'), JSON.stringify(result));

    const report = await cli(['report', 'out/hostile.json']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('## promptgate:');
    expectAllInert(report, 'report');

    const merged = await cli(['merge', 'out/hostile.json', '--results', `out/${HOSTILE_NAME}.json`]);
    expect(merged.code, merged.stderr).toBe(3);
    expectAllInert(merged, 'merge');

    const compared = await cli(['compare', 'out/results.json', 'out/hostile.json']);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain('Added');
    expectAllInert(compared, 'compare');
    expectInert(compared.step, 'compare step summary');

    const back = await cli(['compare', 'out/hostile.json', 'out/results.json']);
    expectAllInert(back, 'compare (reversed)');
  });

  it('import of an export with hostile columns and cells', async () => {
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    // Without NUL: an export holding one is refused as not text.
    const text = HOSTILE_ARG;
    const csv = [`{{question}},${cell(text.slice(0, 400))},Ideal Output`, `${cell(text)},${cell(text)},${cell(text)}`, ''].join('\n');
    await writeFile(path.join(dir, 'export.csv'), csv);
    const out = await cli(['import', 'export.csv', '--name', 'imported']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('name: imported');
    expectAllInert(out, 'import');
    // Escaped, not changed: the suite holds the export's text as the CSV reader read it (its line breaks as LF).
    expect(JSON.stringify(parse(out.stdout))).toContain(JSON.stringify(text.replace(/\r\n?/g, '\n')));
  });
});
