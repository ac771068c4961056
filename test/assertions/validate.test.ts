/** Suite problems an assertion can see before any call is made: each one InputError line at file:line:col. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';

async function suite(body: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pg-validate-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const file = path.join(dir, 'suite.yaml');
  await writeFile(file, body);
  return file;
}

async function problems(file: string): Promise<string[]> {
  const e = await loadSuites([file]).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return (e as InputError).diagnostics.map((d) => `${path.basename(d.file!)}:${d.line}:${d.col}: ${d.message}`);
}

const head = 'name: bad\nmodel: claude-haiku-4-5\ncases:\n  - id: a\n    prompt: hi\n    assert:\n';

describe('validate-time assertion errors', () => {
  it('an invalid inline JSON Schema', async () => {
    const file = await suite(head + '      - contains: ok\n      - json_schema: { type: object, properties: { age: { type: strng } } }\n');
    expect(await problems(file)).toEqual([
      'suite.yaml:8:9: json_schema: the schema is invalid: /properties/age/type: must be equal to one of the allowed values ("array", "boolean", "integer", "null", "number", "object", "string")',
    ]);
  });

  it('a schema file that is missing or not JSON', async () => {
    const file = await suite(head + '      - json_schema: schemas/none.json\n      - json_schema: schemas/bad.json\n', { 'schemas/bad.json': '{ nope' });
    expect(await problems(file)).toEqual([
      `suite.yaml:7:9: json_schema: schema file schemas/none.json not found (looked for ${path.join(path.dirname(file), 'schemas', 'none.json')})`,
      'suite.yaml:8:9: json_schema: schema file schemas/bad.json is not valid JSON at 1:3: invalid symbol',
    ]);
  });

  it('a regex that does not compile, also under not:', async () => {
    const file = await suite(head + '      - regex: "(unclosed"\n      - not: { regex: { pattern: "a{2,1}" } }\n');
    expect(await problems(file)).toEqual([
      'suite.yaml:7:9: regex: Invalid regular expression: /(unclosed/: Unterminated group',
      'suite.yaml:8:14: regex: Invalid regular expression: /a{2,1}/: numbers out of order in {} quantifier',
    ]);
  });

  it('a missing javascript module, and a missing export', async () => {
    const file = await suite(head + '      - javascript: checks/none.js\n      - javascript: checks/ok.js#isPolite\n', {
      'checks/ok.js': 'export function isPolit() { return true; }\n',
    });
    expect(await problems(file)).toEqual([
      `suite.yaml:7:9: javascript: module checks/none.js not found (looked for ${path.join(path.dirname(file), 'checks', 'none.js')})`,
      "suite.yaml:8:9: javascript: checks/ok.js has no export 'isPolite' (did you mean 'isPolit'?); its functions: isPolit",
    ]);
  });

  it('a rubric with no grader model in reach; a suite or case grader, or the rubric model, is enough', async () => {
    const file = await suite(head + '      - rubric: Is polite\n');
    expect(await problems(file)).toEqual([
      'suite.yaml:7:9: rubric: no grader model in reach; add grader: { model: claude-haiku-4-5 } to the suite or the case, or model: to this rubric',
    ]);
    const ok = [
      head.replace('cases:', 'grader: { model: claude-haiku-4-5 }\ncases:') + '      - rubric: Is polite\n',
      head.replace('    prompt: hi', '    prompt: hi\n    grader: { model: claude-haiku-4-5 }') + '      - rubric: Is polite\n',
      head + '      - rubric: { criteria: Is polite, model: claude-haiku-4-5 }\n',
    ];
    for (const body of ok) await expect(loadSuites([await suite(body)])).resolves.toHaveLength(1);
  });

  it('tool_input without a path or schema, a bad path, an unknown stop reason', async () => {
    const file = await suite(
      head + '      - tool_input: { tool: classify }\n      - json_path: { path: "items[x]", equals: 1 }\n      - stop_reason: end_trun\n',
    );
    expect(await problems(file)).toEqual([
      'suite.yaml:7:9: tool_input: needs a path check (path: with equals, gte, ...) or a schema: to check the input against',
      "suite.yaml:7:29: tool_input: 'classify' names a tool, but this suite defines no tools (add it under tools:)",
      'suite.yaml:8:9: json_path: path "items[x]" has [x] at character 6; use a number like [0] or a quoted key like ["a.b"]',
      "suite.yaml:9:9: stop_reason: unknown stop reason 'end_trun' (did you mean 'end_turn'?); known: end_turn, max_tokens, stop_sequence, tool_use, pause_turn, refusal, model_context_window_exceeded",
    ]);
  });

  it('server tools: a call may be named as the API names it (code execution runs as bash_code_execution), not as a misspelling', async () => {
    const tools = 'tools:\n  - { type: web_search_20250305, name: web_search }\n  - { type: code_execution_20250825, name: code_execution }\n';
    const body = (asserts: string) => `name: srv\nmodel: claude-haiku-4-5\n${tools}cases:\n  - id: a\n    prompt: hi\n    assert:\n${asserts}`;
    const ok = await suite(
      body('      - tool_called: [web_search, bash_code_execution, text_editor_code_execution]\n      - not: { tool_called: code_execution }\n'),
    );
    expect((await loadSuites([ok]))[0]!.cases).toHaveLength(1);
    const bad = await suite(body('      - tool_called: web_serch\n'));
    expect(await problems(bad)).toEqual([
      expect.stringMatching(/^suite\.yaml:10:22: tool_called: 'web_serch' is not a tool this suite defines \(did you mean 'web_search'\?\)/),
    ]);
  });
});
