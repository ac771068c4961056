import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/assertions/registry.ts';
import { evaluateAssertions } from '../../src/assertions/evaluate.ts';
import { context, output, run, text, toolUse } from './fixture.ts';

const classify = output([text('Let me classify this.'), toolUse('classify_ticket', { category: 'billing', confidence: 0.92 })], {
  message: { stop_reason: 'tool_use' },
});
const two = output([toolUse('lookup_order', { id: 'A-1' }), toolUse('refund', { id: 'A-1', amount: 20 })]);
const plain = output('It is sunny.');
// A search the API ran itself: a server_tool_use block, then its result, then the answer.
const searched = output([
  { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'tides brest' }, caller: { type: 'direct' } },
  { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [], caller: { type: 'direct' } },
  text('High tide is at 14:02.'),
]);
const check = (name: string, args: unknown, suiteDir = '.') => registry.get(name)!.check!(args, { suiteDir, grader: {} });

describe('tool_called', () => {
  it('a name', async () => {
    expect(await run('tool_called', 'classify_ticket', classify)).toMatchObject({ pass: true, reason: 'called classify_ticket' });
    expect(await run('tool_called', 'escalate', classify)).toMatchObject({
      pass: false,
      reason: 'expected a call to escalate; escalate was not called; got calls to classify_ticket({"category":"billing","confidence":0.92})',
      actual: 'classify_ticket',
    });
    expect(await run('tool_called', 'classify_ticket', plain)).toMatchObject({
      pass: false,
      reason: 'expected a call to classify_ticket; classify_ticket was not called; got no tool calls',
    });
  });

  it('none', async () => {
    expect(await run('tool_called', 'none', plain)).toMatchObject({ pass: true, reason: 'no tool was called' });
    expect(await run('tool_called', 'none', classify)).toMatchObject({
      pass: false,
      reason: 'expected no tool call, got calls to classify_ticket({"category":"billing","confidence":0.92})',
    });
  });

  it('a list, in any order or in order', async () => {
    expect(await run('tool_called', ['refund', 'lookup_order'], two)).toMatchObject({ pass: true, reason: 'called refund, lookup_order' });
    expect(await run('tool_called', ['refund', 'notify'], two)).toMatchObject({
      pass: false,
      reason: expect.stringMatching(/^expected calls to refund, notify; notify was not called; got calls to lookup_order/),
    });
    expect(await run('tool_called', { names: ['lookup_order', 'refund'], ordered: true }, two)).toMatchObject({
      pass: true,
      reason: 'called lookup_order, refund in that order',
    });
    expect(await run('tool_called', { names: ['refund', 'lookup_order'], ordered: true }, two)).toMatchObject({
      pass: false,
      reason: 'expected calls in order to refund, lookup_order, but they were called in the order lookup_order, refund',
    });
  });

  it('counts a server tool call (server_tool_use) under the name the API gives it', async () => {
    expect(searched.toolCalls).toEqual([{ id: 'srvtoolu_1', name: 'web_search', input: { query: 'tides brest' }, server: true }]);
    expect(await run('tool_called', 'web_search', searched)).toMatchObject({ pass: true, reason: 'called web_search' });
    expect(await run('tool_called', 'none', searched)).toMatchObject({
      pass: false,
      reason: 'expected no tool call, got calls to web_search({"query":"tides brest"})',
    });
    expect(await run('tool_input', { path: 'query', contains: 'tides' }, searched)).toMatchObject({ pass: true });
    expect(await run('tool_input', { tool: 'web_search', path: 'query', equals: 'weather' }, searched)).toMatchObject({ pass: false });
  });

  it('check: none stands alone', () => {
    expect(check('tool_called', ['none', 'x'])).toEqual(["'none' cannot be listed with tool names; use it alone"]);
  });
});

describe('tool_input', () => {
  it('path checks on the only tool called', async () => {
    expect(await run('tool_input', { path: 'category', equals: 'billing' }, classify)).toMatchObject({
      pass: true,
      reason: 'classify_ticket input $.category is "billing" (equal to "billing")',
    });
    expect(await run('tool_input', { tool: 'classify_ticket', path: 'confidence', gte: 0.95 }, classify)).toMatchObject({
      pass: false,
      reason: 'classify_ticket input $.confidence: expected >= 0.95, got 0.92',
    });
  });

  it('none alone means no call, however it is written', async () => {
    for (const args of ['none', ['none'], { names: ['none'] }]) {
      expect(await run('tool_called', args, plain), JSON.stringify(args)).toMatchObject({ pass: true, reason: 'no tool was called' });
      expect(await run('tool_called', args, two), JSON.stringify(args)).toMatchObject({ pass: false });
    }
  });

  it('asks for tool: when several tools were called (it could not judge: an error, so no pass under not:), and says when the tool was not called', async () => {
    const [ambiguous, negated] = await evaluateAssertions(
      [
        { name: 'tool_input', args: { path: 'id', equals: 'A-1' }, weight: 1, target: 'text', loc: { file: 's.yaml', line: 2, col: 3 } },
        {
          name: 'not',
          args: { name: 'tool_input', args: { path: 'id', equals: 'B-2' }, weight: 1, target: 'text', loc: { file: 's.yaml', line: 3, col: 5 } },
          weight: 1,
          target: 'text',
          loc: { file: 's.yaml', line: 3, col: 3 },
        },
      ],
      context(two),
    );
    for (const r of [ambiguous, negated]) {
      expect(r).toMatchObject({
        error: true,
        pass: false,
        reason: 'tool_input could not run: several tools were called (lookup_order, refund); name the one to check with tool:',
      });
    }
    expect(await run('tool_input', { tool: 'refund', path: 'amount', lte: 50 }, two)).toMatchObject({ pass: true });
    expect(await run('tool_input', { tool: 'escalate', path: 'id' }, two)).toMatchObject({
      pass: false,
      reason: 'expected a call to escalate, got lookup_order, refund',
    });
    expect(await run('tool_input', { path: 'id' }, plain)).toMatchObject({ pass: false, reason: 'expected a tool call, got no tool calls' });
  });

  it('any one of several calls to the tool may pass; when none does, each says why', async () => {
    const weather = output([toolUse('get_weather', { city: 'Paris' }, 't1'), toolUse('get_weather', { city: 'Oslo' }, 't2')]);
    expect(await run('tool_input', { path: 'city', equals: 'Oslo' }, weather)).toMatchObject({
      pass: true,
      reason: 'get_weather[1] input $.city is "Oslo" (equal to "Oslo")',
    });
    expect(await run('tool_input', { path: 'city', equals: 'Rome' }, weather)).toMatchObject({
      pass: false,
      reason: 'get_weather[0] input $.city: expected "Rome", got "Paris"; get_weather[1] input $.city: expected "Rome", got "Oslo"',
    });
  });

  it('a schema, inline or from a file', async () => {
    const schema = {
      type: 'object',
      required: ['category', 'confidence'],
      properties: { category: { enum: ['billing', 'bug'] }, confidence: { type: 'number', maximum: 0.9 } },
    };
    expect(await run('tool_input', { schema }, classify)).toMatchObject({ pass: false, reason: 'classify_ticket input /confidence: must be <= 0.9, got 0.92' });
    const dir = await mkdtemp(path.join(tmpdir(), 'pg-tools-'));
    await writeFile(path.join(dir, 'ticket.json'), JSON.stringify({ ...schema, properties: { ...schema.properties, confidence: { type: 'number' } } }));
    expect(
      await run('tool_input', { tool: 'classify_ticket', schema: 'ticket.json', path: 'category', equals: 'billing' }, classify, { suiteDir: dir }),
    ).toMatchObject({
      pass: true,
      reason: 'classify_ticket input matches the schema; classify_ticket input $.category is "billing" (equal to "billing")',
    });
  });

  it('check: needs a path or a schema; checks need a path', async () => {
    expect(await check('tool_input', { tool: 'x' })).toEqual(['needs a path check (path: with equals, gte, ...) or a schema: to check the input against']);
    expect(await check('tool_input', { equals: 'billing' })).toEqual([
      'needs a path check (path: with equals, gte, ...) or a schema: to check the input against',
      'equals needs a path: to say which input field',
    ]);
    expect(await check('tool_input', { schema: { type: 'nope' } })).toEqual([
      'schema: the schema is invalid: /type: must be equal to one of the allowed values ("array", "boolean", "integer", "null", "number", "object", "string")',
    ]);
  });
});
