/**
 * A text check given a YAML number or boolean written otherwise than it prints (`007` is 7) is a
 * problem at its place: it would check the text "7", a false pass on "7 items". One written as it
 * prints (`contains: 42`) checks that text, as before.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';

async function problems(asserts: string): Promise<string[]> {
  const dir = await tempProject({ 's.yaml': `name: s\nmodel: claude-haiku-4-5\ncases:\n  - id: a\n    prompt: hi\n    assert:\n${asserts}` });
  return loadSuites([path.join(dir, 's.yaml')]).then(
    () => [],
    (e: unknown) => (e instanceof InputError ? e.diagnostics.map((d) => formatDiagnostic(d).replace(/^.*s\.yaml:/, '')) : Promise.reject(e)),
  );
}

describe('numbers and booleans in text checks', () => {
  it('written otherwise than they print: a problem at each, saying to quote it', async () => {
    expect(
      await problems('      - contains: 007\n      - equals: 1.10\n      - contains_any: [x, 7.0, 1e3]\n      - equals: True\n      - icontains: 0x1F\n'),
    ).toEqual([
      '7:19: error: contains: YAML reads 007 as the number 7, so "7" is the text checked; quote it ("007") to check the text as written',
      '8:17: error: equals: YAML reads 1.10 as the number 1.1, so "1.1" is the text checked; quote it ("1.10") to check the text as written',
      '9:27: error: contains_any: YAML reads 7.0 as the number 7, so "7" is the text checked; quote it ("7.0") to check the text as written',
      '9:32: error: contains_any: YAML reads 1e3 as the number 1000, so "1000" is the text checked; quote it ("1e3") to check the text as written',
      '10:17: error: equals: YAML reads True as the boolean true, so "true" is the text checked; quote it ("True") to check the text as written',
      '11:20: error: icontains: YAML reads 0x1F as the number 31, so "31" is the text checked; quote it ("0x1F") to check the text as written',
    ]);
  });

  it('read the same from a file the fast reader leaves to yaml (an anchor in it)', async () => {
    const dir = await tempProject({
      's.yaml': 'name: s\nmodel: claude-haiku-4-5\nvars: &v { a: 1 }\ncases:\n  - id: a\n    prompt: hi\n    assert:\n      - contains: 007\n',
    });
    const error = await loadSuites([path.join(dir, 's.yaml')]).catch((e: unknown) => e);
    expect((error as InputError).message).toMatch(/s\.yaml:8:19: error: contains: YAML reads 007 as the number 7/);
  });

  it('written as they print, or quoted: fine', async () => {
    expect(await problems('      - contains: 42\n      - equals: 1.5\n      - contains_all: [7, "007", "true"]\n      - equals: "1.10"\n')).toEqual([]);
  });
});

describe('a variable alone as a value to equal', () => {
  it('inside json_path and tool_input keeps its type (5, true); with text around it, or as a top-level equals, it is text', async () => {
    const yaml = `name: s\nmodel: claude-haiku-4-5\nvars: { n: 5, ok: true, label: "5" }\ntools: [{ name: t, input_schema: { type: object } }]\ncases:\n  - id: a\n    prompt: hi\n    assert:\n      - json_path: { path: total, equals: "{{n}}" }\n      - json_path: { path: paid, equals: "{{ ok }}" }\n      - json_path: { path: label, equals: "{{label}}" }\n      - json_path: { path: note, equals: "n={{n}}" }\n      - tool_input: { tool: t, path: qty, equals: "{{n}}" }\n      - equals: "{{n}}"\n`;
    const dir = await tempProject({ 's.yaml': yaml });
    const [suite] = await loadSuites([path.join(dir, 's.yaml')]);
    expect(suite!.cases[0]!.assert.map((a) => (a.args as { equals?: unknown }).equals ?? a.args)).toEqual([5, true, '5', 'n=5', 5, '5']);
  });
});
