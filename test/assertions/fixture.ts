/** Hand-written answers and contexts for assertion tests. */
import type Anthropic from '@anthropic-ai/sdk';
import { outputFrom } from '../../src/assertions/output.ts';
import { registry } from '../../src/assertions/registry.ts';
import type { EvalContext, Output, Verdict } from '../../src/assertions/types.ts';
import { usageFrom } from '../../src/run-result.ts';
import type { Case } from '../../src/suite/types.ts';

export function message(content: Anthropic.ContentBlock[] | string, over: Partial<Anthropic.Message> = {}): Anthropic.Message {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5',
    content: typeof content === 'string' ? [text(content)] : content,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 120, output_tokens: 40 } as Anthropic.Usage,
    ...over,
  } as Anthropic.Message;
}

export function text(t: string): Anthropic.TextBlock {
  return { type: 'text', text: t, citations: null } as Anthropic.TextBlock;
}

export function toolUse(name: string, input: unknown, id = `toolu_${name}`): Anthropic.ToolUseBlock {
  return { type: 'tool_use', id, name, input } as Anthropic.ToolUseBlock;
}

export function output(
  content: Anthropic.ContentBlock[] | string,
  over: { message?: Partial<Anthropic.Message>; latencyMs?: number; costUsd?: number | undefined } = {},
): Output {
  const m = message(content, over.message);
  return outputFrom(m, usageFrom(m.usage), over.latencyMs ?? 850, 'costUsd' in over ? over.costUsd : 0.0004);
}

export function testCase(over: Partial<Case> = {}): Case {
  return {
    id: 'c1',
    loc: { file: 'suite.yaml', line: 3, col: 5 },
    request: { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Hello there' }] },
    stream: false,
    assert: [],
    repeat: 1,
    minPassRate: 1,
    tags: [],
    vars: {},
    only: false,
    grader: { model: 'claude-haiku-4-5', threshold: 0.5, max_tokens: 1024 },
    ...over,
  };
}

export function context(out: Output, over: Partial<EvalContext> = {}): EvalContext {
  return {
    suiteDir: process.cwd(),
    case: testCase(),
    output: out,
    grade: () => Promise.reject(new Error('no grader in this test')),
    signal: new AbortController().signal,
    ...over,
  };
}

/** Runs one assertion straight through its definition, on the final text. */
export async function run(name: string, args: unknown, out: Output | string, over: Partial<EvalContext> = {}): Promise<Verdict> {
  const o = typeof out === 'string' ? output(out) : out;
  return registry.get(name)!.evaluate(args, o.text, context(o, over));
}
