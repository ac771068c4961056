import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import { getResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { evaluateAssertions } from '../../src/assertions/evaluate.ts';
import { outputFrom } from '../../src/assertions/output.ts';
import { claude } from '../../src/msw/index.ts';
import { buildMessage } from '../../src/msw/message.ts';
import { usageFrom } from '../../src/run-result.ts';
import type { Case } from '../../src/suite/types.ts';
import '../../src/vitest/index.ts';

const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Triage: I was charged twice' }] };
const toolAnswer = buildMessage(
  [
    { type: 'text', text: 'Classifying.' },
    { type: 'tool_use', name: 'classify_ticket', input: { category: 'billing', confidence: 0.93, tags: ['refund'] } },
  ],
  ask,
);
const textAnswer = buildMessage('Sorry, I can only help with Acme support questions.', ask);

/** The thrown assertion's message without colours, to check what a failing matcher says. */
async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    return stripVTControlCharacters((e as Error).message);
  }
  throw new Error('expected the matcher to fail');
}

describe('toCallTool', () => {
  test('counts a server tool call (server_tool_use) under the API name, as the assertions do; a sample output keeps it a server call', () => {
    const searched: Anthropic.Message = {
      ...textAnswer,
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'tides' }, caller: { type: 'direct' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [], caller: { type: 'direct' } },
        ...textAnswer.content,
      ],
    };
    expect(searched).toCallTool('web_search', { query: 'tides' });
    expect(searched).toCallTool();
    expect(textAnswer).not.toCallTool('web_search');
    const output = {
      text: '',
      toolCalls: [{ id: 'srvtoolu_1', name: 'web_search', input: { query: 'tides' }, server: true as const }],
      stopReason: 'end_turn' as const,
    };
    expect(output).toCallTool('web_search');
  });

  test('passes for the named tool, any tool, and input matched like toMatchObject (asymmetric matchers too)', () => {
    expect(toolAnswer).toCallTool('classify_ticket');
    expect(toolAnswer).toCallTool();
    expect(toolAnswer).toCallTool('classify_ticket', { category: 'billing' });
    expect(toolAnswer).toCallTool('classify_ticket', { confidence: expect.any(Number), tags: ['refund'] });
    expect(textAnswer).not.toCallTool();
    expect(toolAnswer).not.toCallTool('lookup_order');
  });

  test('fails naming the wanted tool and what was called', async () => {
    expect(await failure(() => expect(toolAnswer).toCallTool('lookup_order'))).toBe(
      'expected the answer to call lookup_order, but it called classify_ticket({"category":"billing","confidence":0.93,"tags":["refund"]})',
    );
    expect(await failure(() => expect(textAnswer).toCallTool())).toBe('expected the answer to call a tool, but it called no tool');
    expect(await failure(() => expect(toolAnswer).not.toCallTool())).toMatch(/^expected the answer not to call a tool, but it called classify_ticket\(/);
  });

  test('an input mismatch shows the diff against the call', async () => {
    const message = await failure(() => expect(toolAnswer).toCallTool('classify_ticket', { category: 'account' }));
    expect(message).toMatch(/^expected the answer to call classify_ticket with input matching \{"category":"account"\}, but it called classify_ticket/);
    expect(message).not.toMatch(/confidence": 0.93/); // unchecked fields stay out of the diff
    expect(message).toMatch(/-\s+"category": "account"/);
    expect(message).toMatch(/\+\s+"category": "billing"/);
    expect(message).not.toMatch(/\+\s+"confidence"/); // fields the test did not name stay out of the diff
  });

  test('reads promptgate sample outputs and refuses what is not an answer', async () => {
    expect({ text: '', toolCalls: [{ id: 't1', name: 'grade', input: { pass: true } }], stopReason: 'tool_use' }).toCallTool('grade', { pass: true });
    expect(await failure(() => expect(42).toCallTool('x'))).toBe(
      'toCallTool: expected an Anthropic.Message, a string, or a promptgate sample output, received 42',
    );
  });
});

describe('toMatchJsonSchema', () => {
  const person = {
    type: 'object',
    required: ['name', 'age'],
    properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  };

  test('passes for a JSON answer (fenced too), JSON text, or a value', () => {
    expect(buildMessage('{"name":"Alice","age":30}', ask)).toMatchJsonSchema(person);
    expect('```json\n{"name":"Alice","age":30}\n```').toMatchJsonSchema(person);
    expect({ name: 'Bob', age: 4 }).toMatchJsonSchema(person);
    expect('{"name":"Alice"}').not.toMatchJsonSchema(person);
  });

  test('fails listing every violation at its JSON pointer', async () => {
    const message = await failure(() => expect(buildMessage('{"name": 7, "age": -1, "city": "NYC"}', ask)).toMatchJsonSchema(person));
    expect(message).toMatch(/^expected \{.*\} to match the schema: 3 violations:/);
    expect(message).toMatch(/\/name.*string/);
    expect(message).toMatch(/\/age.*>= 0/);
    expect(message).toMatch(/city/);
  });

  test('an answer that is not JSON says so', async () => {
    expect(await failure(() => expect(textAnswer).toMatchJsonSchema(person))).toMatch(
      /^expected the answer to be JSON matching the schema, but .*; got "Sorry/,
    );
  });
});

describe('toPassAssertion', () => {
  test('passes and fails any suite assertion in its YAML form', async () => {
    await expect(textAnswer).toPassAssertion({ contains: 'only help with' });
    await expect(textAnswer).toPassAssertion({ not: { contains: 'refund' } });
    await expect(toolAnswer).toPassAssertion({ tool_input: { path: 'confidence', gte: 0.9 } });
    await expect(toolAnswer).toPassAssertion({ stop_reason: 'tool_use' });
    await expect('{"a": 1}').toPassAssertion({ json_path: { path: 'a', equals: 1 } });
    await expect(textAnswer).not.toPassAssertion({ icontains: 'REFUND' });
  });

  test('its failure reason is the one a suite run gives for the same assertion', async () => {
    const entry = { tool_input: { path: 'category', equals: 'account' } };
    const message = await failure(() => expect(toolAnswer).toPassAssertion(entry));
    const loc = { file: 'x', line: 1, col: 1 };
    const [suiteVerdict] = await evaluateAssertions([{ name: 'tool_input', args: entry.tool_input, weight: 1, target: 'text', loc }], {
      suiteDir: process.cwd(),
      case: {} as Case,
      output: outputFrom(toolAnswer, usageFrom(toolAnswer.usage), 0, undefined),
      grade: () => Promise.reject(new Error('no grading')),
      signal: new AbortController().signal,
    });
    expect(message.split('\n')[0]).toBe(`tool_input failed: ${suiteVerdict!.reason}`);
    expect(message).toMatch(/expected: .*account/);
  });

  test('a refusal is named where the answer it saw is empty: a message, and a saved sample output', async () => {
    const refused = {
      ...buildMessage([], ask),
      stop_reason: 'refusal' as const,
      stop_details: { type: 'refusal' as const, category: 'cyber' as const, explanation: 'Looks like exploit work.' },
    };
    expect(await failure(() => expect(refused).toPassAssertion({ contains: 'refund' }))).toMatch(
      /\n  actual: {3}refused \(cyber\): Looks like exploit work\.$/,
    );
    const saved = { text: '', toolCalls: [], stopReason: 'refusal' as const, stopDetails: refused.stop_details };
    expect(await failure(() => expect(saved).toPassAssertion({ contains: 'refund' }))).toContain('actual:   refused (cyber): Looks like exploit work.');
    expect(await failure(() => expect(refused).toCallTool('classify_ticket'))).toBe(
      'expected the answer to call classify_ticket, but it called no tool; refused (cyber): Looks like exploit work.',
    );
    expect(await failure(() => expect(refused).toMatchJsonSchema({ type: 'object' }))).toMatch(/got ""; refused \(cyber\): Looks like exploit work\.$/);
  });

  test('json_schema files resolve against dir', async () => {
    const dir = path.join(import.meta.dirname, 'fixtures');
    await expect('{"name": "Alice"}').toPassAssertion({ json_schema: 'person.schema.json' }, { dir });
    expect(await failure(() => expect('{"name": 3}').toPassAssertion({ json_schema: 'person.schema.json' }, { dir }))).toMatch(
      /^json_schema failed: output JSON is not valid against person\.schema\.json/,
    );
  });

  test('an invalid assertion fails with what is wrong, as validate would say', async () => {
    expect(await failure(() => expect(textAnswer).toPassAssertion({ contans: 'x' }))).toMatch(
      /invalid assertion \{"contans":"x"\}: unknown assertion 'contans'; known: .*contains/,
    );
    expect(await failure(() => expect(textAnswer).toPassAssertion({ regex: '(' }))).toMatch(/invalid assertion .*regex: /);
    expect(await failure(() => expect(textAnswer).toPassAssertion({ contains: 'a', regex: 'b' }))).toMatch(
      /one assertion per entry; this one has contains and regex/,
    );
    expect(await failure(() => expect(textAnswer).toPassAssertion({ rubric: 'Is polite' }))).toMatch(/invalid assertion .*rubric: no grader model/);
  });

  test('rubric grades through the given client (here answered by promptgate/msw)', async () => {
    const handlers = [
      claude.toolUse(
        'grade',
        { pass: true, score: 0.9, reason: 'Polite and on-topic.' },
        { expect: { model: 'claude-haiku-4-5', tool_choice: { type: 'tool', name: 'grade' } } },
      ),
    ];
    const client = new Anthropic({ apiKey: 'test', maxRetries: 0, fetch: async (input, init) => (await getResponse(handlers, new Request(input, init)))! });
    await expect(textAnswer).toPassAssertion({ rubric: 'Declines politely' }, { grader: { client, model: 'claude-haiku-4-5' }, request: ask });
    expect(handlers[0]!.requests[0]!.messages[0]!.content).toMatch(/Triage: I was charged twice/);
  });
});
