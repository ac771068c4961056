/**
 * A malformed cassette in replay is an errored case whose error names the file and the problem:
 * not a crash, and not a pass on a recording that says what no API would. Each broken recording is
 * pinned to its message, through a real replay run (and one through the CLI, for the exit code).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, RunResult } from '../../src/run-result.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

type Cassette = { response: { message: any; events?: any[] }; latency_ms: unknown };

/** Each case's recording is broken one way; `expected` is the problem replay must name. */
const BROKEN: { id: string; stream?: boolean; sdk?: true; edit: (c: Cassette) => void; expected: string }[] = [
  {
    id: 'usage-markup',
    edit: (c) => (c.response.message.usage.input_tokens = '<img src=x onerror=alert(1)>'),
    expected: 'response.message.usage.input_tokens must be a non-negative integer, got "<img src=x onerror=alert(1)>"',
  },
  {
    id: 'usage-negative',
    edit: (c) => (c.response.message.usage.output_tokens = -5),
    expected: 'response.message.usage.output_tokens must be a non-negative integer, got -5',
  },
  {
    id: 'usage-fraction',
    edit: (c) => (c.response.message.usage.cache_read_input_tokens = 1.5),
    expected: 'response.message.usage.cache_read_input_tokens must be a non-negative integer, got 1.5',
  },
  { id: 'usage-missing', edit: (c) => delete c.response.message.usage, expected: 'response.message.usage must be an object, got nothing' },
  {
    id: 'cache-split',
    edit: (c) => (c.response.message.usage.cache_creation = { ephemeral_5m_input_tokens: '10', ephemeral_1h_input_tokens: 0 }),
    expected: 'response.message.usage.cache_creation.ephemeral_5m_input_tokens must be a non-negative integer, got "10"',
  },
  { id: 'not-a-message', edit: (c) => (c.response.message = 'hello'), expected: 'response.message must be a message (an object), got "hello"' },
  { id: 'user-role', edit: (c) => (c.response.message.role = 'user'), expected: 'response.message.role must be "assistant", got "user"' },
  { id: 'wrong-type', edit: (c) => (c.response.message.type = 'completion'), expected: 'response.message.type must be "message", got "completion"' },
  {
    id: 'content-string',
    edit: (c) => (c.response.message.content = 'Echo: hi'),
    expected: 'response.message.content must be a list of content blocks, got "Echo: hi"',
  },
  { id: 'text-number', edit: (c) => (c.response.message.content[0].text = 5), expected: 'response.message.content[0].text must be a string, got 5' },
  {
    id: 'tool-input',
    edit: (c) => c.response.message.content.push({ type: 'tool_use', id: 'toolu_1', name: 'x', input: '{}' }),
    expected: 'response.message.content[1].input must be an object, got "{}"',
  },
  { id: 'no-model', edit: (c) => (c.response.message.model = ''), expected: 'response.message.model must be a model name, got ""' },
  {
    id: 'refusal-details',
    edit: (c) =>
      Object.assign(c.response.message, { stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'cyber', explanation: { html: '<b>' } } }),
    expected: 'response.message.stop_details.explanation must be a string, got {"html":"<b>"}',
  },
  {
    id: 'streamed-refusal',
    stream: true,
    edit: (c) => (c.response.events!.find((e) => e.type === 'message_delta').delta.stop_details = 'cyber'),
    expected: '.delta.stop_details must be an object or null, got "cyber"',
  },
  { id: 'latency', edit: (c) => (c.latency_ms = 'fast'), expected: 'latency_ms must be a non-negative number, got "fast"' },
  {
    // Well formed event by event, so the SDK is the one to find the stream ends without a message.
    id: 'stream-cut-short',
    stream: true,
    sdk: true,
    edit: (c) => (c.response.events = c.response.events!.slice(0, 2)),
    expected: 'stream ended without producing',
  },
  {
    id: 'streamed-usage',
    stream: true,
    edit: (c) => (c.response.events!.find((e) => e.type === 'message_delta').usage.output_tokens = 'many'),
    expected: 'response.events[',
  },
];

function suiteYaml(): string {
  const cases = BROKEN.map((b) => [
    `  - id: ${b.id}`,
    `    prompt: "hi ${b.id}"`,
    ...(b.stream ? ['    stream: true'] : []),
    '    assert:',
    '      - contains: "Echo"',
  ]);
  return [
    'name: broken',
    'model: claude-haiku-4-5',
    'max_tokens: 64',
    'cases:',
    ...cases.flat(),
    '  - id: intact',
    '    prompt: "hi"',
    '    assert:',
    '      - contains: "Echo"',
    '',
  ].join('\n');
}

let sim: Simulator;
let dir: string;
let result: RunResult;
const byId = (id: string) => result.suites[0]!.cases.find((c) => c.id === id) as CaseResult;

beforeAll(async () => {
  sim = await startSimulator();
  dir = await tempProject({ 'suites/broken.yaml': suiteYaml() });
  const recorded = await record(dir, sim.url);
  expect(recorded.suites[0]!.cases.every((c) => c.status === 'passed')).toBe(true);
  for (const b of BROKEN) {
    const file = path.join(dir, 'fixtures/broken', `${b.id}.json`);
    const cassette = JSON.parse(await readFile(file, 'utf8')) as Cassette;
    b.edit(cassette);
    await writeFile(file, JSON.stringify(cassette, null, 2));
  }
  result = await replay(dir);
});
afterAll(() => sim.close());

describe('a malformed cassette in replay', () => {
  it.each(BROKEN.map((b) => [b.id, b] as const))('%s: errors the case, naming the file and the problem', (id, b) => {
    const c = byId(id);
    expect(c.status).toBe('errored');
    const error = c.samples[0]!.error!;
    expect(error.type).toBe('bad_recording');
    const said = b.sdk ? 'the SDK cannot read its answer (' : 'malformed cassette: ';
    expect(error.message).toContain(`${path.join(dir, 'fixtures/broken', `${id}.json`)}: ${said}`);
    expect(error.message).toContain(b.expected);
    // Said at once: a recording is not retried as an API error is.
    expect(error.message).not.toMatch(/gave up after/);
    expect(error.hint).toMatch(/--record --filter/);
  });

  it('names the streamed problem at its event', () => {
    expect(byId('streamed-usage').samples[0]!.error!.message).toMatch(
      /response\.events\[\d+\]\.usage\.output_tokens must be a non-negative integer, got "many"/,
    );
  });

  it('replays the intact recording as before', () => {
    expect(byId('intact').status).toBe('passed');
  });

  it('through the CLI: errored cases exit 3 (the run could not complete), not a crash', async () => {
    const out = await runCli(['run', '--results', 'r.json'], { cwd: dir });
    expect(out.stderr).not.toMatch(/internal error|bug in promptgate/);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('malformed cassette: response.message.usage.input_tokens must be a non-negative integer');
    const saved = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as RunResult;
    expect(saved.suites[0]!.cases.filter((c) => c.status === 'errored')).toHaveLength(BROKEN.length);
  });
});
