import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { evaluateAssertions } from '../../src/assertions/evaluate.ts';
import { registry } from '../../src/assertions/registry.ts';
import { GRADE_TOOL, gradingRequest } from '../../src/assertions/rubric.ts';
import { requestKey } from '../../src/canonical-json.ts';
import { context, message, output, run, testCase, toolUse } from './fixture.ts';

/** A fake transport: records what it was sent, answers with a `grade` tool call. */
function grader(input: unknown, over: Partial<Anthropic.Message> = {}) {
  const sent: Anthropic.MessageCreateParamsNonStreaming[] = [];
  const grade = async (params: Anthropic.MessageCreateParamsNonStreaming) => {
    sent.push(params);
    return message([toolUse('grade', input)], { stop_reason: 'tool_use', ...over });
  };
  return { sent, grade };
}

const answer = output('I can only help with billing questions. For the weather, try a forecast site.');

describe('rubric', () => {
  it('sends a forced grade tool call through ctx.grade and passes on the grade', async () => {
    const g = grader({ pass: true, score: 0.9, reason: 'Politely declines and redirects.' });
    const v = await run('rubric', 'Politely declines an off-topic request', answer, { grade: g.grade });
    expect(v).toEqual({
      pass: true,
      score: 0.9,
      reason: 'grader claude-haiku-4-5 passed it (score 0.9, threshold 0.5): Politely declines and redirects.',
      expected: '"Politely declines an off-topic request"',
      actual: 'score 0.9',
    });
    expect(g.sent).toHaveLength(1);
    expect(g.sent[0]).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 1024, tool_choice: { type: 'tool', name: 'grade' }, tools: [GRADE_TOOL] });
    expect(g.sent[0]!.messages).toEqual([
      {
        role: 'user',
        content:
          '<rubric>\nPolitely declines an off-topic request\n</rubric>\n\n<input>\nHello there\n</input>\n\n<output>\nI can only help with billing questions. For the weather, try a forecast site.\n</output>',
      },
    ]);
  });

  it('fails on the grader saying no, or on a score under the threshold', async () => {
    expect(await run('rubric', 'Is in French', answer, { grade: grader({ pass: false, score: 0.1, reason: 'It is in English.' }).grade })).toMatchObject({
      pass: false,
      score: 0.1,
      reason: 'grader claude-haiku-4-5 failed it (score 0.1, threshold 0.5): It is in English.',
    });
    const strict = { criteria: 'Mentions a forecast site', threshold: 0.8, model: 'claude-sonnet-4-5' };
    const g = grader({ pass: true, score: 0.7, reason: 'Vague.' });
    expect(await run('rubric', strict, answer, { grade: g.grade })).toMatchObject({
      pass: false,
      reason: 'grader claude-sonnet-4-5 passed it but scored 0.7, below the threshold 0.8: Vague.',
    });
    expect(g.sent[0]!.model).toBe('claude-sonnet-4-5');
  });

  it('takes model and threshold from the case grader when the rubric gives none', async () => {
    const g = grader({ pass: true, score: 0.6, reason: 'ok' });
    const c = testCase({ grader: { model: 'claude-opus-4-1', threshold: 0.7, max_tokens: 300 } });
    expect(await run('rubric', 'x', answer, { grade: g.grade, case: c })).toMatchObject({
      pass: false,
      reason: 'grader claude-opus-4-1 passed it but scored 0.6, below the threshold 0.7: ok',
    });
    expect(g.sent[0]).toMatchObject({ model: 'claude-opus-4-1', max_tokens: 300 });
  });

  it('a grader with no grade is an error verdict, not a failure', async () => {
    const none = async () => message('I think it passes.', { stop_reason: 'max_tokens' });
    const [r] = await evaluateAssertions(
      [{ name: 'rubric', args: 'x', weight: 1, target: 'text', loc: { file: 's.yaml', line: 2, col: 3 } }],
      context(answer, { grade: none }),
    );
    expect(r).toMatchObject({
      error: true,
      pass: false,
      reason: 'rubric could not run: grader claude-haiku-4-5 gave no grade (stop_reason max_tokens); it hit max_tokens first: raise max_tokens under grader:',
    });
  });

  it.each([
    ['no score', { pass: true, reason: 'fine' }],
    ['a score in words', { pass: true, score: '0.2', reason: 'fine' }],
    ['a score out of 10', { pass: true, score: 7, reason: '7 out of 10' }],
    ['a negative score', { pass: true, score: -0.1, reason: 'fine' }],
  ])('a grade with %s is an error verdict, never a pass on a made-up score', async (_name, input) => {
    const [r] = await evaluateAssertions(
      [{ name: 'rubric', args: { criteria: 'x', threshold: 0.8 }, weight: 1, target: 'text', loc: { file: 's.yaml', line: 2, col: 3 } }],
      context(answer, { grade: grader(input).grade }),
    );
    expect(r).toMatchObject({ error: true, pass: false });
    expect(r!.reason).toMatch(/^rubric could not run: grader claude-haiku-4-5 returned a grade whose score is not a number from 0 to 1: /);
  });

  it('the grading request is stable, so its cassette key is too', () => {
    const a = gradingRequest('crit', 'out', 'in', 'claude-haiku-4-5', 512);
    expect(requestKey(a)).toBe(requestKey(gradingRequest('crit', 'out', 'in', 'claude-haiku-4-5', 512)));
    expect(requestKey(a)).not.toBe(requestKey(gradingRequest('crit', 'out2', 'in', 'claude-haiku-4-5', 512)));
  });

  it('check: a grader model must be in reach', () => {
    const rubric = registry.get('rubric')!;
    const check = (...args: Parameters<NonNullable<typeof rubric.check>>) => rubric.check!(...args);
    expect(check('x', { suiteDir: '.', grader: {} })).toEqual([
      'no grader model in reach; add grader: { model: claude-haiku-4-5 } to the suite or the case, or model: to this rubric',
    ]);
    expect(check('x', { suiteDir: '.', grader: { model: 'claude-haiku-4-5' } })).toEqual([]);
    expect(check({ criteria: 'x', model: 'claude-haiku-4-5' }, { suiteDir: '.', grader: {} })).toEqual([]);
  });
});
