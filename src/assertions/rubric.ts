/**
 * `rubric:` Claude grades the answer with a `grade` tool call, forced where the grader model allows
 * it (schema/models.json lists those that refuse a forced tool choice); an answer without the call is
 * a grading that broke, never a verdict on the output. The request is built from constants and the case
 * alone, so it hashes the same on every run and replays from its cassette.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { modelInfo } from '../models/model-table.ts';
import { show } from './show.ts';
import type { AssertionDef, EvalContext } from './types.ts';
import type { GraderConfig } from '../suite/types.ts';

type RubricArgs = string | { criteria: string; model?: string; threshold?: number; max_tokens?: number };

const GRADER_SYSTEM =
  'You grade the output of an AI assistant against a rubric. Judge only what the rubric asks, ' +
  'using the input only as context. Call the grade tool once: pass is true when the output satisfies ' +
  'the rubric; score is how well it does, from 0 (not at all) to 1 (fully); reason is one or two ' +
  'sentences that cite the output.';
/** Said only where the call cannot be forced, so a forced grader's request (and its recordings) stay as they were. */
const ASKED_TO_CALL = ' Answer only with that one call to the grade tool, and no text.';

export const GRADE_TOOL: Anthropic.Tool = {
  name: 'grade',
  description: 'Record the verdict on the output.',
  input_schema: {
    type: 'object',
    properties: {
      pass: { type: 'boolean', description: 'Whether the output satisfies the rubric' },
      score: { type: 'number', minimum: 0, maximum: 1, description: 'How well it satisfies the rubric, 0 to 1' },
      reason: { type: 'string', description: 'Why, citing the output' },
    },
    required: ['pass', 'score', 'reason'],
  },
};

const NO_MODEL = 'no grader model in reach; add grader: { model: claude-haiku-4-5 } to the suite or the case, or model: to this rubric';

function criteriaOf(args: RubricArgs): string {
  return typeof args === 'string' ? args : args.criteria;
}

/** The last user turn's text: what the answer was answering, so "answers the question" can be judged. */
function lastUserText(messages: Anthropic.MessageParam[]): string {
  const last = messages.findLast((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
}

/** Whether the model takes `tool_choice: {type: tool}`; a model the table does not know is assumed to. */
function canForceTool(model: string): boolean {
  return !modelInfo(model)?.rejects.forcedToolChoice;
}

export function gradingRequest(criteria: string, output: string, input: string, model: string, maxTokens: number): Anthropic.MessageCreateParamsNonStreaming {
  const parts = [`<rubric>\n${criteria}\n</rubric>`, ...(input ? [`<input>\n${input}\n</input>`] : []), `<output>\n${output}\n</output>`];
  const forced = canForceTool(model);
  return {
    model,
    max_tokens: maxTokens,
    system: forced ? GRADER_SYSTEM : GRADER_SYSTEM + ASKED_TO_CALL,
    tools: [GRADE_TOOL],
    tool_choice: forced ? { type: 'tool', name: 'grade' } : { type: 'auto' },
    messages: [{ role: 'user', content: parts.join('\n\n') }],
  };
}

interface Grade {
  pass: boolean;
  score: number;
  reason: string;
}

function gradeFrom(message: Anthropic.Message, model: string): Grade {
  const block = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === 'grade');
  if (!block) {
    // Thrown, so the assertion is an error ("could not run"), not a failure the output is blamed for.
    const asked = canForceTool(model) ? '' : `: asked to call the grade tool (${model} cannot be made to), it did not, so the grading broke, not the output`;
    const short = message.stop_reason === 'max_tokens' ? `; it hit max_tokens first: raise max_tokens under grader:` : '';
    throw new Error(`grader ${model} gave no grade (stop_reason ${message.stop_reason})${asked}${short}`);
  }
  const input = block.input as Partial<Record<keyof Grade, unknown>>;
  if (typeof input?.pass !== 'boolean') throw new Error(`grader ${model} returned a grade without pass: ${show(input, 120)}`);
  // The grade tool asks for a score from 0 to 1; one missing, not a number or out of range is a broken
  // grade, never a score made up for it (a made-up 1 passed every threshold).
  const { score } = input;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
    throw new Error(`grader ${model} returned a grade whose score is not a number from 0 to 1: ${show(input, 120)}`);
  return { pass: input.pass, score, reason: typeof input.reason === 'string' ? input.reason : '(no reason given)' };
}

/** The model that grades a rubric: `--grader-model` when given, else the rubric's own, else the case's grader. */
export function rubricModel(own: { model?: string | undefined }, grader: GraderConfig): string {
  return grader.forced ? grader.model : own.model || grader.model;
}

export const rubric: AssertionDef<RubricArgs> = {
  name: 'rubric',
  check(args, ctx) {
    const model = typeof args === 'string' ? undefined : args.model;
    return model || ctx.grader.model ? [] : [NO_MODEL];
  },
  async evaluate(args, subject, ctx: EvalContext) {
    const own: Exclude<RubricArgs, string> | Partial<Exclude<RubricArgs, string>> = typeof args === 'string' ? {} : args;
    const model = rubricModel(own, ctx.case.grader);
    if (!model) throw new Error(NO_MODEL);
    const threshold = own.threshold ?? ctx.case.grader.threshold;
    const criteria = criteriaOf(args);
    const request = gradingRequest(criteria, subject, lastUserText(ctx.case.request.messages), model, own.max_tokens ?? ctx.case.grader.max_tokens);
    const grade = gradeFrom(await ctx.grade(request), model);
    const pass = grade.pass && grade.score >= threshold;
    const verdictText = pass
      ? `passed it (score ${grade.score}, threshold ${threshold})`
      : grade.pass
        ? `passed it but scored ${grade.score}, below the threshold ${threshold}`
        : `failed it (score ${grade.score}, threshold ${threshold})`;
    return {
      pass,
      score: grade.score,
      reason: `grader ${model} ${verdictText}: ${grade.reason}`,
      expected: show(criteria),
      actual: `score ${grade.score}`,
    };
  },
};
