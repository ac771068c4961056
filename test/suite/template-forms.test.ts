/** Only `{{name}}` is filled: any other `{{...}}` form is an error at its place (YAML or prompt file), never sent as written; `\{{` is a literal `{{`. */
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadSuites } from '../../src/suite/load.ts';
import { problemsOf } from '../support/problems.ts';
import { tempProject } from '../support/project.ts';

const TAIL = 'only {{name}} is filled (no filters, blocks or dotted paths); write \\{{ for a literal {{';

it('an unknown form in YAML or in a prompt file is an error at its line and column', async () => {
  const dir = await tempProject({
    'prompts/ask.md': 'Hello {{name}}.\n{{#each items}}- {{this}}\n{{/each}}\n',
    's.yaml': [
      'name: s',
      'model: claude-haiku-4-5',
      'max_tokens: 32',
      'system: "Answer {{ name | upper }}."',
      'vars: { name: Ada }',
      'cases:',
      '  - id: a',
      '    prompt: { file: prompts/ask.md }',
      '    assert:',
      '      - contains: "{{name.first}}"',
      '  - id: b',
      '    prompt: hi',
      '',
    ].join('\n'),
  });
  const suite = path.join(dir, 's.yaml');
  const ask = path.join(dir, 'prompts/ask.md');
  expect((await problemsOf([suite])).sort()).toEqual(
    [
      `${suite}:4:17: error: unknown template form '{{ name | upper }}' in system: ${TAIL}`,
      `${suite}:10:20: error: unknown template form '{{name.first}}' in cases[0].assert[0].contains: ${TAIL}`,
      `${ask}:2:1: error: unknown template form '{{#each items}}' in this file: ${TAIL}`,
      // `{{this}}` is a variable's form: undefined here, as any other.
      `${ask}:2:20: error: undefined variable '{{this}}' in this file, read by cases[0].prompt for case 'a'; define it under vars: (suite or case)`,
      `${ask}:3:1: error: unknown template form '{{/each}}' in this file: ${TAIL}`,
    ].sort(),
  );
});

it('\\{{ is a literal {{, and a value holding {{...}} is sent as it is', async () => {
  const dir = await tempProject({
    's.yaml':
      "name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\nvars: { v: '{{#raw}}' }\ncases:\n  - id: a\n    prompt: 'Write \\{{ name | upper }} for {{v}}'\n",
  });
  const [suite] = await loadSuites([path.join(dir, 's.yaml')]);
  expect(suite!.cases[0]!.request.messages[0]!.content).toBe('Write {{ name | upper }} for {{#raw}}');
});
