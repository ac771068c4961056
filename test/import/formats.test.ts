import { schemaRef } from '../../src/import/schema-ref.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-export.ts';
import { fixture, importAndLoad, tempDir } from './helpers.ts';

describe('Console JSON test cases', () => {
  it('maps each expectation to an assertion and loads as a suite', async () => {
    const { result, suite, data } = await importAndLoad(fixture('support-triage.console.json'), { prompt: fixture('support-triage.prompt.txt') });
    expect(suite.cases.map((c) => c.id)).toEqual([
      'billing-double-charge',
      'login-loop-after-password-reset',
      'out-of-scope-weather',
      'ambiguous-refund-or-cancel',
      'billing-double-charge-2',
    ]);
    expect(data.system).toMatch(/^You triage support tickets for Acme/);
    expect(data.cases[0].assert).toEqual([
      { tool_called: 'classify_ticket' },
      { tool_input: { tool: 'classify_ticket', path: 'category', equals: 'billing' } },
      { tool_input: { tool: 'classify_ticket', path: 'confidence', gt: 0.8 } },
    ]);
    expect(data.cases[2].assert).toEqual([{ tool_called: 'none' }, { contains: 'I can only help with' }]);
    expect(data.cases[3].assert).toContainEqual({ tool_input: { tool: 'classify_ticket', path: 'confidence', lt: 0.95 } });
    // The rendered request carries the row's message inside the Workbench template.
    expect(suite.cases[2]!.request.messages).toEqual([{ role: 'user', content: "<ticket>\nWhat's the weather like in Lisbon today?\n</ticket>" }]);
    expect(data.cases[0].name).toBe('Billing: double charge');
    expect(result.notes.join('\n')).toContain('classify_ticket');
  });

  it('keeps an expectation named __proto__ as a TODO too: it was dropped with no word', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'proto.json');
    await writeFile(file, '[{"name":"a","user_message":"x","expected":{"__proto__":{"contains":"evil"},"weird_key":1}}]');
    const { result } = await importAndLoad(file);
    expect(result.yaml).toContain('# TODO: expectation expected.__proto__: {"contains":"evil"}');
    expect(result.yaml).toContain('# TODO: expectation expected.weird_key: 1');
    expect(result.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("expectation 'expected.__proto__'"),
      expect.stringContaining("expectation 'expected.weird_key'"),
    ]);
  });

  it('keeps an unknown expectation as a TODO comment and reports it with its place', async () => {
    const { result } = await importAndLoad(fixture('support-triage.console.json'), { prompt: fixture('support-triage.prompt.txt') });
    expect(result.yaml).toContain('      # TODO: expectation expected.sentiment: "negative" (no promptgate assertion for it); write the assertion by hand\n');
    // The expectations name a tool the export does not define: a stub keeps the draft valid and says what to fill in.
    expect(result.yaml).toContain(
      'tools:\n  # TODO: the export names this tool but does not define it; fill in its description and input_schema\n  - name: classify_ticket\n',
    );
    expect(result.warnings).toEqual([
      expect.objectContaining({
        file: fixture('support-triage.console.json'),
        line: 28,
        col: 3,
        message: expect.stringContaining("case 'ambiguous-refund-or-cancel': expectation 'expected.sentiment'"),
      }),
    ]);
  });

  it('takes the prompt, system and tools from an export that carries them', async () => {
    const { suite, data, result } = await importAndLoad(fixture('support-triage.envelope.json'));
    expect(data.tools[0].name).toBe('classify_ticket');
    expect(suite.cases[0]!.request.system).toBe('You triage support tickets. Classify every ticket with the classify_ticket tool.');
    expect(suite.cases[0]!.request.messages[0]!.content).toBe('<ticket>\nI was charged twice for my subscription\n</ticket>');
    expect(result.yaml).not.toContain('TODO: define the tools');
  });

  it('without a prompt uses user_message as the whole user turn', async () => {
    const { suite, result } = await importAndLoad(fixture('support-triage.console.json'));
    expect(suite.cases[0]!.request.messages[0]!.content).toMatch(/^Hi, I was charged twice/);
    expect(result.notes).toContain("no prompt template given: each case's prompt is its user_message (pass --prompt FILE for a full template)");
  });
});

describe('Console CSV', () => {
  it('fills {{VAR}} columns, turns the ideal output into assertions, ignores number, output and grade columns and blank rows', async () => {
    const { suite, data, result } = await importAndLoad(fixture('summarize.console.csv'), { prompt: fixture('summarize.prompt.txt') });
    expect(suite.cases).toHaveLength(3);
    expect(data.cases[1].vars.article).toBe(
      'Researchers at the university found that a common soil bacterium can break down PET plastic at room temperature, though the process takes several weeks.\n\nThe team says industrial use is years away.',
    );
    expect(data.cases[1].assert[0].rubric).toMatch(/reference answer:\n\nScientists found soil bacteria/);
    expect(data.grader).toEqual({ model: 'claude-haiku-4-5' });
    expect(result.notes).toContain('not used by the prompt, ignored: #, Output (Prompt v3), Grade');
    expect(suite.cases[0]!.request.messages[0]!.content).toContain('Summarize the article below for residents in one sentence.');
  });

  it('reads a BOM and CRLF line ends, and keeps a quoted newline inside its cell', async () => {
    const { data, suite } = await importAndLoad(fixture('bom-crlf.console.csv'), { prompt: fixture('ticket.prompt.txt') });
    // Were the BOM kept, the first header would be '\uFEFF{{ticket}}' and {{ticket}} would be missing.
    expect(suite.cases).toHaveLength(2);
    expect(data.cases[0].vars).toEqual({ customer_tier: 'business', ticket: 'My invoice shows the wrong VAT number.\nCan you reissue it?' });
    expect(data.cases[0].assert).toEqual([{ icontains: 'billing' }]);
    expect(data.cases[1].vars.ticket).toBe('The app crashes when I upload a PNG');
  });
});

describe('CSV with __expected columns (prompt-evaluation course)', () => {
  it('maps contains/icontains/regex/equals/llm-rubric and not- forms, and names cases from __description', async () => {
    const { data, suite, result } = await importAndLoad(fixture('capitals.course.csv'));
    expect(suite.cases.map((c) => c.id)).toEqual(['capital-of-france', 'capital-of-japan', 'capital-of-australia', 'brazil', 'capital-of-peru']);
    expect(data.cases[0].assert).toEqual([{ icontains: 'paris' }, { not: { contains: 'London' } }]);
    expect(data.cases[1].assert).toEqual([{ contains: 'Tokyo' }, { regex: '^[A-Z]' }]);
    expect(data.cases[2].assert).toEqual([{ rubric: 'Names Canberra and does not claim Sydney is the capital' }, { not: { icontains: 'sydney' } }]);
    expect(data.cases[3].assert).toEqual([{ equals: 'Brasília' }]);
    expect(data.cases[4].assert).toEqual([{ equals: 'Lima' }]);
    expect(result.yaml).toContain(`# TODO: expectation __expected1: "javascript:output.includes('Lima')" (no promptgate assertion for it)`);
    expect(result.warnings[0]).toMatchObject({ line: 6, col: 1 });
  });
});

describe('JSON with golden_answer (cookbook evals)', () => {
  it('checks numbers exactly and long or listed answers with a rubric', async () => {
    const { data } = await importAndLoad(fixture('animal-legs.golden.json'), { prompt: fixture('animal-legs.prompt.txt') });
    expect(data.cases[0].assert).toEqual([{ equals: '2' }]);
    expect(data.cases[3].assert[0]).toEqual({ equals: '14' });
    expect(data.cases[3].assert[1].rubric).toContain("adds the spider's eight legs");
    expect(data.cases.map((c: { id: string }) => c.id)).toEqual([
      'the-animal-is-a-human',
      'the-animal-is-a-snake',
      'the-fox-lost-a-leg-but',
      'a-spider-and-an-ant-are',
    ]);
  });
});

describe('stable output', () => {
  it('re-importing the same export gives byte-identical YAML', async () => {
    for (const [file, prompt] of [
      ['support-triage.console.json', 'support-triage.prompt.txt'],
      ['summarize.console.csv', 'summarize.prompt.txt'],
      ['capitals.course.csv', undefined],
      ['animal-legs.golden.json', 'animal-legs.prompt.txt'],
    ] as const) {
      const opts = { prompt: prompt && fixture(prompt), out: '/project/suites/x.yaml', cwd: '/project' };
      const a = await importFile(fixture(file), opts);
      const b = await importFile(fixture(file), opts);
      expect(b.yaml).toBe(a.yaml);
    }
  });

  it('opens with the schema line, named from --name or the file', async () => {
    const named = await importFile(fixture('capitals.course.csv'), { name: 'capitals', out: 'suites/capitals.yaml' });
    expect(named.yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/suite.schema.json');
    expect(named.yaml).toContain('\nname: capitals\n');
    const byFile = await importFile(fixture('capitals.course.csv'), { model: 'claude-sonnet-4-5' });
    expect(byFile.yaml).toContain('\nname: capitals-course\nmodel: claude-sonnet-4-5\n');
  });
});

describe('a catastrophic pattern in an export', () => {
  it('is passed on as written and warned at its row; an ordinary one is not', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'redos.csv');
    await writeFile(file, 'question,__expected1,__expected2\nsay a,regex:^(a+)+$,regex:^[A-Z]\n');
    const { data, result } = await importAndLoad(file);
    expect(data.cases[0].assert).toEqual([{ regex: '^(a+)+$' }, { regex: '^[A-Z]' }]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        file,
        line: 2,
        col: 1,
        message: expect.stringMatching(/^case 'say-a': \/\^\(a\+\)\+\$\/ is known to backtrack catastrophically \(nested quantifiers/),
      }),
    ]);
  });
});

describe("the suite's $schema line", () => {
  const installed = '/p/node_modules/promptgate/schema/suite.schema.json';
  it.each([
    ['from the project root', '/p', '/p/suites', installed, '../node_modules/promptgate/schema/suite.schema.json'],
    ['from a subfolder, written deeper', '/p/imp', '/p/imp/o/sub/dir', installed, '../../../../node_modules/promptgate/schema/suite.schema.json'],
    [
      'by npx from its cache',
      '/p',
      '/p/suites',
      '/home/u/.npm/_npx/ab12/node_modules/promptgate/schema/suite.schema.json',
      '../node_modules/promptgate/schema/suite.schema.json',
    ],
    ["in promptgate's own checkout", '/repo', '/repo/suites', '/repo/schema/suite.schema.json', '../schema/suite.schema.json'],
  ])('names the schema the project resolves, run %s', (_name, cwd, fromDir, schema, ref) => {
    expect(schemaRef(fromDir, cwd, schema)).toBe(ref);
  });
});
