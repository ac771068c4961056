/** A list with one wrong item names that item, not the list: "expected a string, or a list, got a list" helps nobody. */
import path from 'node:path';
import { expect, it } from 'vitest';
import { problemsOf } from '../support/problems.ts';
import { tempProject } from '../support/project.ts';

it('a system list with one wrong block names the block and what it lacks', async () => {
  const dir = await tempProject({
    's.yaml': [
      'name: s',
      'model: claude-haiku-4-5',
      'max_tokens: 32',
      'system:',
      '  - { type: text, text: You triage tickets. }',
      '  - { text: Answer in one word. }',
      'cases:',
      '  - { id: a, prompt: hi, assert: [{ contains: hi }] }',
      '',
    ].join('\n'),
  });
  expect(await problemsOf([path.join(dir, 's.yaml')])).toEqual([`${path.join(dir, 's.yaml')}:6:5: error: system[1] is missing required key 'type'`]);
});

it('a mapping where a string or a file is wanted still names the shapes it may take', async () => {
  const dir = await tempProject({
    's.yaml': 'name: s\nmodel: claude-haiku-4-5\nmax_tokens: 32\nsystem: { text: hi }\ncases:\n  - { id: a, prompt: hi, assert: [{ contains: hi }] }\n',
  });
  expect(await problemsOf([path.join(dir, 's.yaml')])).toEqual([
    `${path.join(dir, 's.yaml')}:4:9: error: system has the wrong shape: expected a string, or a mapping with file, or a list, got a mapping`,
  ]);
});
