import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics } from '../../src/input-error.ts';
import { runCli } from '../support/cli.ts';
import { problemsOf } from '../support/problems.ts';

const CORPUS = 'test/suite/corpus';

/** Each malformed suite and exactly what promptgate says about it (`line:col: error: message`). */
const corpus: [file: string, messages: string[]][] = [
  ['a-list.yaml', ['1:1: error: a suite is a mapping with name, model and cases, not a list']],
  ['a-string.yaml', ['1:1: error: a suite is a mapping with name, model and cases, not a string']],
  [
    'bad-case-id.yaml',
    [
      "4:9: error: cases[0].id \"has spaces/and slash\" may use only letters, digits, '.', '_' and '-', starting with a letter or digit (it names a fixtures file)",
    ],
  ],
  ['bad-indent.yaml', ['6:1: error: YAML syntax: Sequence item without - indicator']],
  [
    'api-version-typo.yaml',
    [
      '3:14: error: api_version must be one of "2026-10-21", "2023-06-01"; got "2023-06-1" (did you mean \'2023-06-01\'?)',
      '7:18: error: cases[0].api_version must be one of "2026-10-21", "2023-06-01"; got "2026-10-12" (did you mean \'2026-10-21\'?)',
    ],
  ],
  ['bad-role.yaml', ['6:17: error: cases[0].messages[0].role must be one of "user", "assistant"; got "system"']],
  ['bad-target.yaml', ['8:17: error: cases[0].assert[0].target must be one of "text", "tool_use", "thinking"; got "json"']],
  ['bom-crlf.yaml', ["5:5: error: unknown key 'promt' in cases[0] (did you mean 'prompt'?)"]],
  ['cases-not-list.yaml', ['4:3: error: cases must be a list, not a mapping']],
  ['duplicate-ids.yaml', ["8:9: error: duplicate case id 'a' (first defined at test/suite/corpus/duplicate-ids.yaml:4:5)"]],
  ['duplicate-key.yaml', ["3:1: error: YAML syntax: Map keys must be unique ('model' appears twice)"]],
  ['empty-cases.yaml', ['3:8: error: cases must have at least 1 item']],
  ['empty.yaml', ['1:1: error: the file is empty; a suite needs name, model and cases']],
  [
    'many-problems.yaml',
    [
      '3:14: error: temperature must be <= 1; got 3',
      '7:11: error: cases[0].tags must be a list, not a string ("oops")',
      "11:9: error: unknown assertion 'icontain' (did you mean 'icontains'?)",
    ],
  ],
  ['max-tokens-float.yaml', ['3:13: error: max_tokens must be an integer, not a number (10.5)']],
  ['max-tokens-string.yaml', ['3:13: error: max_tokens must be an integer, not a string ("lots")']],
  ['max-tokens-zero.yaml', ['3:13: error: max_tokens must be >= 1; got 0']],
  ['missing-cases.yaml', ["1:1: error: the suite is missing required key 'cases'"]],
  ['missing-model.yaml', ["1:1: error: the suite is missing required key 'model'"]],
  ['missing-name.yaml', ["1:1: error: the suite is missing required key 'name'"]],
  ['model-empty.yaml', ['2:8: error: model must not be empty']],
  ['model-number.yaml', ['2:8: error: model must be a string, not an integer (4)']],
  ['model-spaces.yaml', ['2:8: error: model "claude haiku" must be a model id such as claude-haiku-4-5 (no spaces)']],
  ['modifier-only.yaml', ['7:9: error: an assertion entry needs an assertion name (contains, regex, ...)']],
  ['nested/deeper/inner.yml', ["5:16: error: undefined variable '{{x}}' in cases[0].prompt; define it under vars: (suite or case)"]],
  ['no-prompt.yaml', ["4:5: error: case 'a' needs exactly one of prompt or messages"]],
  ['not-yaml.yaml', ['1:1: error: not a text file (it has NUL bytes); a suite is YAML']],
  ['only-comments.yaml', ['1:1: error: the file is empty; a suite needs name, model and cases']],
  ['pass-rate-high.yaml', ['6:20: error: cases[0].min_pass_rate must be <= 1; got 1.5']],
  ['prompt-and-messages.yaml', ["4:5: error: case 'a' needs exactly one of prompt or messages"]],
  ['repeat-zero.yaml', ['6:13: error: cases[0].repeat must be >= 1; got 0']],
  ['tab-indent.yaml', ['4:1: error: YAML syntax: Tabs are not allowed as indentation']],
  ['two-assertions-one-entry.yaml', ["7:9: error: one assertion per list entry: found contains and regex; did you drop a '- '?"]],
  // Placed at the quote that opens, not where the file ends.
  ['unclosed-quote.yaml', ['5:13: error: YAML syntax: Missing closing "quote']],
  ['undefined-var-assert.yaml', ["7:22: error: undefined variable '{{greeting}}' in cases[0].assert[0].contains; define it under vars: (suite or case)"]],
  ['undefined-var-system.yaml', ["3:25: error: undefined variable '{{company}}' in system (for case 'a'); define it under vars: (suite or case)"]],
  ['undefined-var.yaml', ["6:27: error: undefined variable '{{compnay}}' in cases[0].prompt (did you mean 'company'?); define it under vars: (suite or case)"]],
  ['var-not-scalar.yaml', ['4:10: error: vars.items must be a string, a number or a boolean, not a list']],
  ['unknown-assertion-far.yaml', ["7:9: error: unknown assertion 'sentiment'"]],
  ['unknown-assertion.yaml', ["7:9: error: unknown assertion 'contain' (did you mean 'contains'?)"]],
  ['unknown-case-key.yaml', ["5:5: error: unknown key 'promt' in cases[0] (did you mean 'prompt'?)"]],
  ['unknown-top-key.yaml', ["3:1: error: unknown key 'max_token' in the suite (did you mean 'max_tokens'?)"]],
  ['wrong-arg-type.yaml', ['7:23: error: cases[0].assert[0].contains_all must be a list, not a string ("hello")']],
  // Hostile or broken bytes: each is one message, at the place, with no hang and no stack.
  [
    'alias-bomb.yaml',
    ['11:59: error: aliases expand the suite past 16 MB of values by here (aliases of aliases multiply: an alias bomb?); write the values out instead'],
  ],
  ['alias-cycle.yaml', ['7:18: error: alias *conversation is inside the value it names, which would make that value infinite']],
  ['alias-undefined.yaml', ['5:13: error: alias *greeting has no anchor &greeting before it']],
  ['tag-js-function.yaml', ['5:13: error: YAML tag !!js/function is not supported; a suite holds only plain strings, numbers, booleans, lists and mappings']],
  ['tag-local.yaml', ['7:19: error: YAML tag !secret is not supported; a suite holds only plain strings, numbers, booleans, lists and mappings']],
  ['tag-binary.yaml', ['5:13: error: YAML tag !!binary is not supported; a suite holds only plain strings, numbers, booleans, lists and mappings']],
  ['tag-mismatch.yaml', ['3:13: error: YAML tag !!int does not fit the value it is on']],
  ['deep-flow.yaml', ['3:107: error: nested more than 100 levels deep; a suite never needs that many']],
  ['deep-block.yaml', ['103:201: error: nested more than 100 levels deep; a suite never needs that many']],
  ['nul-inside.yaml', ['5:15: error: not a text file (it has NUL bytes); a suite is YAML']],
  ['utf16-le.yaml', ['1:1: error: the file is UTF-16 (it starts with the byte-order mark FF FE); save it as UTF-8']],
  ['utf16-be.yaml', ['1:1: error: the file is UTF-16 (it starts with the byte-order mark FE FF); save it as UTF-8']],
  ['latin1.yaml', ['5:20: error: the file is not UTF-8 text; save it as UTF-8']],
  ['key-is-a-list.yaml', ['4:5: error: a key must be a plain value, not a list']],
  // Two assertions in one entry used to crash validate for tool_called, tool_input, stop_reason and rubric.
  [
    'dropped-dash.yaml',
    [
      "10:9: error: one assertion per list entry: found tool_called and stop_reason; did you drop a '- '?",
      "12:9: error: one assertion per list entry: found contains and tool_input; did you drop a '- '?",
      "13:9: error: one assertion per list entry: found rubric and contains; did you drop a '- '?",
    ],
  ],
  ['not-two-assertions.yaml', ["7:14: error: one assertion per list entry: found contains and regex; did you drop a '- '?"]],
  // Tool names the request does not define.
  [
    'tool-called-unknown.yaml',
    [
      "12:22: error: tool_called: 'clasify_ticket' is not a tool this suite defines (did you mean 'classify_ticket'?); it defines classify_ticket, escalate",
      "14:49: error: tool_called: 'escalte' is not a tool this suite defines (did you mean 'escalate'?); it defines classify_ticket, escalate",
      "15:29: error: tool_called: 'refund' is not a tool this suite defines; it defines classify_ticket, escalate",
      "22:22: error: tool_called: 'escalate' is not a tool case 'b' defines; it defines refund",
    ],
  ],
  ['tool-called-no-tools.yaml', ["7:23: error: tool_called: 'classify_ticket' names a tool, but this suite defines no tools (add it under tools:)"]],
  [
    'tool-input-unknown-tool.yaml',
    ["10:29: error: tool_input: 'get_wether' is not a tool this suite defines (did you mean 'get_weather'?); it defines get_weather"],
  ],
  [
    'tool-choice-unknown.yaml',
    ["6:34: error: tool_choice: 'get_weathr' is not a tool this suite defines (did you mean 'get_weather'?); it defines get_weather"],
  ],
  // One pass: schema errors no longer hide the semantic ones, and nothing is said twice or as an echo.
  [
    'one-pass.yaml',
    [
      "7:5: error: unknown key 'repaet' in cases[0] (did you mean 'repeat'?)",
      "9:27: error: undefined variable '{{compnay}}' in cases[1].prompt (did you mean 'company'?); define it under vars: (suite or case)",
      "10:9: error: duplicate case id 'a' (first defined at test/suite/corpus/one-pass.yaml:5:5)",
      '13:9: error: regex: Invalid regular expression: /(unclosed/: Unterminated group',
      '14:19: error: cases[2].assert[1].contains must be a string or a number, not a list',
      "15:5: error: case 'c' needs exactly one of prompt or messages",
    ],
  ],
  [
    'misspelt-vars.yaml',
    ["3:1: error: unknown key 'var' in the suite (did you mean 'vars'?)", "8:5: error: unknown key 'promt' in cases[1] (did you mean 'prompt'?)"],
  ],
  ['defaults-once.yaml', ['5:7: error: regex: Invalid regular expression: /(unclosed/: Unterminated group']],
  // Prompt files (prompts/*.md): a problem inside one is placed in it, named from the corpus folder.
  [
    'prompt-file-undefined-var.yaml',
    [
      "prompts/undefined-var.md:3:15: error: undefined variable '{{compnay}}' in this file, read by cases[0].system for case 'a' (did you mean 'company'?); define it under vars: (suite or case)",
    ],
  ],
  ['prompt-file-missing.yaml', ['5:21: error: cases[0].prompt.file "prompts/no-such-file.md": cannot read: no such file (a link to a missing file?)']],
  [
    'prompt-file-block.yaml',
    [
      '9:21: error: cases[0].messages[0].content[0]: file: gives a block its text, so its type must be text, not "image"',
      '10:43: error: cases[0].messages[0].content[1] has both text and file; give one',
    ],
  ],
  // Where the YAML around a file is broken, its variables are not judged: the broken shape is the one problem.
  ['prompt-file-unsound.yaml', ['6:15: error: cases[0].messages[0].role must be one of "user", "assistant"; got "system"']],
  [
    'prompt-file-extra.yaml',
    [
      '3:9: error: system has the wrong shape: expected a string, or a mapping with file, or a list, got a mapping',
      '6:13: error: cases[0].prompt has the wrong shape: expected a string, or a mapping with file, got a mapping',
    ],
  ],
];

/** A message is `line:col: …` in the suite itself, or `path:line:col: …` in a file it reads (relative to the corpus). */
const located = (suite: string, message: string) => (/^\d/.test(message) ? `${suite}:${message}` : `${CORPUS}/${message}`);

const ROOT = path.resolve(import.meta.dirname, '../..');

/** From the repository root, where CORPUS and suites/ are. */
function cli(...args: string[]) {
  return runCli(args, { cwd: ROOT, env: { NO_COLOR: '1' } });
}

describe('malformed suites', () => {
  it('the corpus has at least 30 malformed suites', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus)('%s: every problem, located, in line order', async (file, messages) => {
    const at = path.join(CORPUS, file);
    expect(await problemsOf([at])).toEqual(messages.map((m) => located(at, m)));
  });

  it('validate on the whole corpus: exit 2, every file’s problems on stderr, nothing on stdout, no stack trace', async () => {
    const { code, stdout, stderr } = await cli('validate', CORPUS);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // Files in the order diagnostics are sorted in; the list above is grouped by theme instead.
    const expected = sortDiagnostics(
      corpus.flatMap(([file, messages]) =>
        messages.map((m) => {
          const [, at, line, col, message] = /^(.*?):(\d+):(\d+): error: (.*)$/.exec(located(path.join(CORPUS, file), m))!;
          return { file: at!, line: Number(line), col: Number(col), message: message! };
        }),
      ),
    ).map(formatDiagnostic);
    expect(stderr.trimEnd().split('\n')).toEqual(expected);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('a folder with no suites', async () => {
    expect(await problemsOf([path.join(CORPUS, 'empty-dir')])).toEqual([
      `${path.join(CORPUS, 'empty-dir')}: error: no suite files (*.yaml, *.yml) in this folder`,
    ]);
  });

  it('a path that does not exist', async () => {
    expect(await problemsOf(['no/such/suite.yaml'])).toEqual(['no/such/suite.yaml: error: no such file or directory']);
  });

  // How long this takes at 20,000 cases is bench/validate-import.ts's to say.
  it('a large file: the problem near its end is located exactly', async () => {
    const file = path.join(tmpdir(), `promptgate-huge-${process.pid}.yaml`);
    const cases = Array.from({ length: 3_000 }, (_, i) => `  - id: c${i}\n    prompt: "Question ${i}: ${'x'.repeat(100)}"\n`).join('');
    await writeFile(file, `name: huge\nmodel: claude-haiku-4-5\ncases:\n${cases}  - id: last\n    prompt: hi\n    repaet: 2\n`);
    // 3 header lines, 2 lines a case, then the last case's id and prompt lines.
    expect(await problemsOf([file])).toEqual([`${file}:${3 + 6_000 + 3}:5: error: unknown key 'repaet' in cases[3000] (did you mean 'repeat'?)`]);
  });

  it('the example suites are valid', async () => {
    const { code, stdout, stderr } = await cli('validate', 'suites/');
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^✓ \d+ suites, \d+ cases, \d+ assertions: all valid\n$/);
    expect(code).toBe(0);
  });
});

describe('bad flags', () => {
  it.each([
    [['run', '--concurrency', '0'], "option '--concurrency <n>' argument '0' is invalid. expected a whole number from 1 to 1,000."],
    [['run', '--shard', '5/4'], "option '--shard <i/n>' argument '5/4' is invalid. expected I/N with 1 <= I <= N <= 1,000, e.g. 2/4."],
    [['run', '--max-cost', 'free'], "option '--max-cost <usd>' argument 'free' is invalid. expected a number above 0, in decimals (5, 0.25)."],
    [['run', '--max-cost', '0x10'], "option '--max-cost <usd>' argument '0x10' is invalid. expected a number above 0, in decimals (5, 0.25)."],
    [['run', '--max-cost', '1e3'], "option '--max-cost <usd>' argument '1e3' is invalid. expected a number above 0, in decimals (5, 0.25)."],
    [['run', '--live', '--record'], "option '--live' cannot be used with option '--record [which]'"],
    [['run', '--record=some'], "option '--record [which]' argument 'some' is invalid. expected --record or --record=all."],
    [['run', '--concurency', '2'], "unknown option '--concurency'\n(Did you mean --concurrency?)"],
    [['rnu'], "unknown command 'rnu'\n(Did you mean run?)"],
  ])('%j: one clear message, exit 2', async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(`promptgate: error: ${message}`);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
