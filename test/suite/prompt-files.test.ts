/**
 * Prompt text from the app's own files (src/suite/prompt-files.ts): recorded against the simulator
 * and replayed; an edited file makes exactly the cases that read it stale, naming the file; problems
 * are placed in the file or at the suite's `file:`; the suite reader's guards hold for prompt files.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totals, type RunResult } from '../../src/run-result.ts';
import { MAX_SUITE_BYTES } from '../../src/read-text.ts';
import { runCli } from '../support/cli.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { problemsOf } from '../support/problems.ts';

const TRIAGE = `You triage support tickets for {{company}}.
Answer with one word: billing, bug or other.
Never promise a refund.
`;
const ASK = 'Ticket: {{ticket}}\n';

const SUITE = `name: triage
model: claude-haiku-4-5
max_tokens: 100
vars: { company: Acme, ticket: "I was charged twice" }
cases:
  - id: refund
    system: { file: ../prompts/triage.md }
    prompt: { file: ../prompts/ask.md }
  - id: crash
    system: "You triage tickets."
    prompt: "The app crashes"
  - id: parts
    system:
      - { type: text, text: "You triage tickets." }
      - { type: text, file: ../prompts/triage.md }
    messages:
      - role: user
        content:
          - { type: text, file: ../prompts/ask.md }
          - { type: text, text: "Thanks." }
`;

const byCase = (result: RunResult) => new Map(result.suites[0]!.cases.map((c) => [c.id, c]));

describe('prompt text from files, recorded and replayed', () => {
  let sim: Simulator;
  beforeAll(async () => (sim = await startSimulator()));
  afterAll(() => sim.close());

  async function recorded(): Promise<string> {
    const dir = await tempProject({ 'suites/triage.yaml': SUITE, 'prompts/triage.md': TRIAGE, 'prompts/ask.md': ASK });
    expect(totals(await record(dir, sim.url))).toMatchObject({ passed: 3, errored: 0 });
    return dir;
  }

  it('the files’ text, templated, is what is sent and recorded; replay answers it offline', async () => {
    const dir = await recorded();
    const cassette = (id: string) =>
      readFile(path.join(dir, 'fixtures/triage', `${id}.json`), 'utf8').then((t) => JSON.parse(t) as { request: Record<string, unknown> });
    const triage = 'You triage support tickets for Acme.\nAnswer with one word: billing, bug or other.\nNever promise a refund.\n';
    expect((await cassette('refund')).request).toMatchObject({ system: triage, messages: [{ role: 'user', content: 'Ticket: I was charged twice\n' }] });
    expect((await cassette('parts')).request).toMatchObject({
      system: [
        { type: 'text', text: 'You triage tickets.' },
        { type: 'text', text: triage },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Ticket: I was charged twice\n' },
            { type: 'text', text: 'Thanks.' },
          ],
        },
      ],
    });
    const before = sim.stats.requests;
    expect(totals(await replay(dir))).toMatchObject({ passed: 3, errored: 0 });
    expect(sim.stats.requests).toBe(before);
  });

  it('one line of a prompt file edited: exactly the cases that read it are stale, and the diff names the file and line', async () => {
    const dir = await recorded();
    await writeFile(path.join(dir, 'prompts/triage.md'), TRIAGE.replace('Never promise', 'Do not promise'));
    const cases = byCase(await replay(dir));
    expect([...cases].map(([id, c]) => [id, c.status])).toEqual([
      ['refund', 'errored'],
      ['crash', 'passed'],
      ['parts', 'errored'],
    ]);
    const file = path.join(dir, 'prompts/triage.md');
    expect(cases.get('refund')!.samples[0]!.error).toMatchObject({
      type: 'stale_recording',
      diff: `~ system (from ${file}:3): "…ling, bug or other.\\nNever promise a refund.\\n" → "…ling, bug or other.\\nDo not promise a refund.\\n"`,
    });
    expect(cases.get('parts')!.samples[0]!.error!.diff).toBe(
      `~ system[1].text (from ${file}:3): "…ling, bug or other.\\nNever promise a refund.\\n" → "…ling, bug or other.\\nDo not promise a refund.\\n"`,
    );
  });

  it('the line named is the file’s, not the sent text’s, when a variable filled before it spans lines', async () => {
    const dir = await tempProject({
      'suites/triage.yaml': SUITE.replace('company: Acme', 'company: "Acme\\nand its\\nsubsidiaries"'),
      'prompts/triage.md': TRIAGE,
      'prompts/ask.md': ASK,
    });
    await record(dir, sim.url);
    await writeFile(path.join(dir, 'prompts/triage.md'), TRIAGE.replace('refund', 'discount'));
    const refund = byCase(await replay(dir)).get('refund')!;
    expect(refund.samples[0]!.error!.diff).toMatch(new RegExp(`^~ system \\(from ${path.join(dir, 'prompts/triage.md')}:3\\): `));
  });

  it('a variable changed in the YAML: the diff names the file’s line holding its placeholder', async () => {
    const dir = await recorded();
    await writeFile(path.join(dir, 'suites/triage.yaml'), SUITE.replace('company: Acme', 'company: Globex'));
    const refund = byCase(await replay(dir)).get('refund')!;
    expect(refund.samples[0]!.error!.diff).toBe(
      `~ system (from ${path.join(dir, 'prompts/triage.md')}:1): "…support tickets for Acme.\\nAnswer with one word: billing, bug…" → "…support tickets for Globex.\\nAnswer with one word: billing, b…"`,
    );
  });

  it('the prompt file of a message block edited: its cases are stale, naming it; a case not reading it replays', async () => {
    const dir = await recorded();
    await writeFile(path.join(dir, 'prompts/ask.md'), 'Ticket text: {{ticket}}\n');
    const cases = byCase(await replay(dir));
    expect(cases.get('crash')!.status).toBe('passed');
    const file = path.join(dir, 'prompts/ask.md');
    expect(cases.get('refund')!.samples[0]!.error!.diff).toBe(
      `~ messages[0].content (from ${file}:1): "Ticket: I was charged twice\\n" → "Ticket text: I was charged twice\\n"`,
    );
    expect(cases.get('parts')!.samples[0]!.error!.diff).toBe(
      `~ messages[0].content[0].text (from ${file}:1): "Ticket: I was charged twice\\n" → "Ticket text: I was charged twice\\n"`,
    );
  });
});

describe('a grader’s stale recording', () => {
  it('names no prompt file: its request holds the answer and the rubric, not the case’s files', async () => {
    const sim = await startSimulator({
      responder: (r) =>
        r.tool_choice?.type === 'tool' ? { content: [{ type: 'tool_use', name: 'grade', input: { pass: true, score: 1, reason: 'fine' } }] } : 'billing',
    });
    try {
      const graded = (rubric: string) =>
        `name: graded\nmodel: claude-haiku-4-5\ngrader: { model: claude-haiku-4-5 }\nvars: { company: Acme, ticket: "I was charged twice" }\ncases:\n  - id: refund\n    system: { file: ../prompts/triage.md }\n    prompt: { file: ../prompts/ask.md }\n    assert:\n      - rubric: ${rubric}\n`;
      const dir = await tempProject({ 'suites/graded.yaml': graded('Names a category'), 'prompts/triage.md': TRIAGE, 'prompts/ask.md': ASK });
      expect(totals(await record(dir, sim.url))).toMatchObject({ passed: 1 });
      await writeFile(path.join(dir, 'suites/graded.yaml'), graded('Names one category'));
      const error = (await replay(dir)).suites[0]!.cases[0]!.samples[0]!.error!;
      expect(error.message).toMatch(/^stale recording for graded\/refund \(grader 1\)/);
      expect(error.diff).toMatch(/^~ messages\[0\]\.content: /);
      expect(error.diff).not.toContain('(from');
    } finally {
      await sim.close();
    }
  });
});

describe('problems with prompt files', () => {
  it('an undefined variable in the file is placed in the file, with the did-you-mean the YAML has', async () => {
    const dir = await tempProject({ 'suites/triage.yaml': SUITE, 'prompts/triage.md': TRIAGE.replace('{{company}}', '{{compnay}}'), 'prompts/ask.md': ASK });
    const file = path.join(dir, 'prompts/triage.md');
    expect(await problemsOf([path.join(dir, 'suites')])).toEqual([
      `${file}:1:34: error: undefined variable '{{compnay}}' in this file, read by cases[0].system for case 'refund' (did you mean 'company'?); define it under vars: (suite or case)`,
      `${file}:1:34: error: undefined variable '{{compnay}}' in this file, read by cases[2].system[1] for case 'parts' (did you mean 'company'?); define it under vars: (suite or case)`,
    ]);
  });

  it('a missing prompt file: exit 2 through the CLI, at the suite’s file: line, no stack', async () => {
    const dir = await tempProject({ 'suites/triage.yaml': SUITE, 'prompts/triage.md': TRIAGE });
    const { code, stdout, stderr } = await runCli(['validate', 'suites'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(stderr).toBe(
      [
        `suites/triage.yaml:8:21: error: cases[0].prompt.file "../prompts/ask.md": cannot read: no such file (a link to a missing file?)`,
        `suites/triage.yaml:19:33: error: cases[2].messages[0].content[0].file "../prompts/ask.md": cannot read: no such file (a link to a missing file?)`,
      ].join('\n') + '\n',
    );
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('a prompt file that is not UTF-8 text: placed in the file, as the suite reader places it in a suite', async () => {
    const dir = await tempProject({ 'suites/triage.yaml': SUITE, 'prompts/triage.md': TRIAGE });
    await writeFile(path.join(dir, 'prompts/ask.md'), Buffer.from('Ticket:\ncaf\xe9 {{ticket}}\n', 'latin1'));
    expect(await problemsOf([path.join(dir, 'suites')])).toEqual([
      `${path.join(dir, 'prompts/ask.md')}:2:4: error: the file is not UTF-8 text; save it as UTF-8`,
    ]);
  });

  it('a named pipe as a prompt file is refused, with no hang', async () => {
    const dir = await tempProject({ 'suites/triage.yaml': SUITE, 'prompts/ask.md': ASK });
    execFileSync('mkfifo', [path.join(dir, 'prompts/triage.md')]);
    const suite = path.join(dir, 'suites/triage.yaml');
    expect(await problemsOf([suite])).toEqual([
      `${suite}:7:21: error: cases[0].system.file "../prompts/triage.md": this is a named pipe, not a prompt file`,
      `${suite}:15:29: error: cases[2].system[1].file "../prompts/triage.md": this is a named pipe, not a prompt file`,
    ]);
    await rm(dir, { recursive: true, force: true });
  });

  it(`a prompt file over ${MAX_SUITE_BYTES / 1024 / 1024} MB is refused before it is read`, async () => {
    const dir = await tempProject({ 'suites/triage.yaml': SUITE, 'prompts/ask.md': ASK });
    await writeFile(path.join(dir, 'prompts/triage.md'), 'x'.repeat(MAX_SUITE_BYTES + 1));
    const suite = path.join(dir, 'suites/triage.yaml');
    expect(await problemsOf([suite])).toEqual([
      `${suite}:7:21: error: cases[0].system.file "../prompts/triage.md": the file is 16.1 MB; a prompt file may be at most 16 MB`,
      `${suite}:15:29: error: cases[2].system[1].file "../prompts/triage.md": the file is 16.1 MB; a prompt file may be at most 16 MB`,
    ]);
    await rm(dir, { recursive: true, force: true });
  }, 30_000);
});
