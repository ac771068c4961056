/**
 * `not:` takes its modifiers (target, weight, label) written beside it or inside it: the check it
 * wraps reads the target, the case's score counts the weight, reports show the label. Found dropped
 * by an outside-in trial: an outer target read the text (a false pass), an inner weight counted 1.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAssertions, judgeSample } from '../../src/assertions/evaluate.ts';
import { InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';
import { context, output, text, toolUse } from './fixture.ts';

async function casesOf(asserts: string) {
  const yaml = `name: s\nmodel: claude-haiku-4-5\ncases:\n  - id: a\n    prompt: hi\n    threshold: 0.5\n    assert:\n${asserts}`;
  const dir = await tempProject({ 's.yaml': yaml });
  return (await loadSuites([path.join(dir, 's.yaml')]))[0]!.cases[0]!;
}

describe('not: and its modifiers', () => {
  it('a target beside not: is the one the wrapped check reads', async () => {
    const c = await casesOf('      - not: { contains: Tokyo }\n        target: tool_use\n');
    const answer = output([toolUse('get_weather', { city: 'Tokyo' })]);
    const [r] = await evaluateAssertions(c.assert, context(answer));
    expect(r).toMatchObject({ name: 'contains', negated: true, pass: false });
  });

  it('a weight and a label inside not: count and show', async () => {
    const c = await casesOf('      - contains: abcd\n      - not: { contains: abcd, weight: 5, label: no abcd }\n');
    const results = await evaluateAssertions(c.assert, context(output([text('abcd')])));
    expect(results.map((r) => [r.weight, r.label, r.pass])).toEqual([
      [1, undefined, true],
      [5, 'no abcd', false],
    ]);
    expect(judgeSample(results, 0.5)).toEqual({ status: 'failed', score: 1 / 6 });
  });

  it('the same modifier written both ways and different is a problem at the inner one', async () => {
    const error = await casesOf('      - not: { contains: x, target: thinking }\n        target: text\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /s\.yaml:8:\d+: error: not: target is written both beside not: \("text"\) and inside it \("thinking"\); write it once/,
    );
  });
});
