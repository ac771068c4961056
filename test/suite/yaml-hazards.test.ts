/** The limits' edges: what real suites do with anchors and nesting still loads; one step past a limit does not. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { MAX_DEPTH } from '../../src/yaml-hazards.ts';

async function load(yaml: string): Promise<{ file: string; result: Awaited<ReturnType<typeof loadSuites>> | string[] }> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'promptgate-yaml-')), 'suite.yaml');
  await writeFile(file, yaml);
  try {
    return { file, result: await loadSuites([file]) };
  } catch (e) {
    if (e instanceof InputError) return { file, result: e.diagnostics.map(formatDiagnostic) };
    throw e;
  }
}

/** A suite whose params hold a mapping `levels` deep (the suite itself is level 1, params 2). */
function nested(levels: number): string {
  const keys = Array.from({ length: levels - 2 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('');
  return `name: deep\nmodel: claude-haiku-4-5\nparams:\n${keys}${'  '.repeat(levels - 1)}leaf: 1\ncases:\n  - id: a\n    prompt: hi\n`;
}

describe('nesting', () => {
  it(`${MAX_DEPTH} levels load; ${MAX_DEPTH + 1} are one error at the first level too deep`, async () => {
    expect((await load(nested(MAX_DEPTH))).result).toHaveLength(1);
    const { file, result } = await load(nested(MAX_DEPTH + 1));
    // The mapping that holds leaf: line 3 is params:, then one line a level; two spaces a level.
    expect(result).toEqual([`${file}:${MAX_DEPTH + 3}:${2 * MAX_DEPTH + 1}: error: nested more than ${MAX_DEPTH} levels deep; a suite never needs that many`]);
  });

  it('an alias counts the depth of what it stands for', async () => {
    const shallow = nested(MAX_DEPTH - 1).replace('params:\n', 'params: &deep\n');
    const { file, result } = await load(
      shallow.replace('cases:\n', 'defaults:\n  tags: [x]\ncases:\n  - id: b\n    prompt: hi\n    params:\n      again: *deep\n'),
    );
    expect(result).toEqual([expect.stringMatching(new RegExp(`^${file}:\\d+:14: error: alias \\*deep nests its value more than ${MAX_DEPTH} levels deep`))]);
  });
});

describe('aliases', () => {
  it('anchors used as people use them (a long shared system prompt, shared tags and assertions) load', async () => {
    const system = 'You triage support tickets. '.repeat(700); // ~20 KB (over Haiku 4.5's 4,096-token cacheable minimum), sent by 200 cases
    const cases = Array.from({ length: 200 }, (_, i) => `  - id: c${i}\n    system: *system\n    prompt: "Ticket ${i}"\n    assert: *checks\n`).join('');
    const yaml =
      `name: anchors\nmodel: claude-haiku-4-5\ndescription: &system "${system}"\n` +
      `defaults:\n  tags: &tags [triage]\ncases:\n  - id: first\n    prompt: hi\n    tags: *tags\n    assert: &checks\n      - contains: ticket\n      - not: { contains: sorry }\n${cases}`;
    const { result } = await load(yaml);
    expect(result).toHaveLength(1);
    const [suite] = result as Awaited<ReturnType<typeof loadSuites>>;
    // Long enough to be marked as a cached prefix, so it arrives as one text block.
    expect(suite!.cases.at(-1)!.request.system).toEqual([{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }]);
    expect(suite!.cases.at(-1)!.assert).toHaveLength(2);
  });

  it('a mapping key that is an alias of a mapping is refused, as a written one is', async () => {
    const { file, result } = await load('name: k\nmodel: claude-haiku-4-5\nvars:\n  base: &m { a: 1 }\n  ? *m\n  : x\ncases:\n  - id: a\n    prompt: hi\n');
    expect(result).toEqual([`${file}:5:5: error: a key must be a plain value, not a mapping`]);
  });
});
