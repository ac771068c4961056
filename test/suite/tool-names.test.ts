/** Tool names that are defined, in each place a request can define them, pass validation. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../src/suite/load.ts';

async function suiteFile(yaml: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'promptgate-tools-')), 'suite.yaml');
  await writeFile(file, yaml);
  return file;
}

const tool = (name: string) => `{ name: ${name}, input_schema: { type: object } }`;

describe('tool names that are defined', () => {
  it('tool_called: none is valid with tools and without any', async () => {
    const file = await suiteFile(
      `name: none\nmodel: claude-haiku-4-5\ncases:\n  - id: no-tools\n    prompt: hi\n    assert:\n      - tool_called: none\n  - id: with-tools\n    tools: [${tool('lookup')}]\n    prompt: hi\n    assert:\n      - tool_called: none\n      - not: { tool_called: none }\n`,
    );
    await expect(loadSuites([file])).resolves.toHaveLength(1);
  });

  it('suite tools, case tools, tools passed through params, and tool_choice naming one of them', async () => {
    const file = await suiteFile(
      [
        'name: places',
        'model: claude-haiku-4-5',
        `tools: [${tool('classify')}]`,
        'tool_choice: { type: tool, name: classify }',
        'defaults:',
        '  assert:',
        '    - tool_called: classify',
        'cases:',
        '  - id: suite-tools',
        '    prompt: hi',
        '    assert:',
        '      - tool_called: { names: [classify], ordered: true }',
        '      - tool_input: { tool: classify, path: category, equals: billing }',
        '  - id: own-tools',
        `    tools: [${tool('classify')}, ${tool('escalate')}]`,
        '    prompt: hi',
        '    assert:',
        '      - tool_called: [classify, escalate]',
        '  - id: params-tools',
        `    params: { tools: [${tool('classify')}, ${tool('refund')}] }`,
        '    prompt: hi',
        '    assert:',
        '      - not: { tool_called: refund }',
        '',
      ].join('\n'),
    );
    const [suite] = await loadSuites([file]);
    expect(suite!.cases.map((c) => c.request.tools?.map((t) => (t as { name: string }).name))).toEqual([
      ['classify'],
      ['classify', 'escalate'],
      ['classify', 'refund'],
    ]);
  });
});
