/**
 * validate refuses what a case's model answers with a 400 (schema/models.json), at the line that
 * sets it and with the fix, and warns (exit 0) about models at their end of life. Each file in
 * model-corpus/ also holds cases the same rule must let through.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { loadPriceTable, withPrices } from '../../src/pricing/price-table.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const CORPUS = 'test/suite/model-corpus';

const corpus: [file: string, messages: string[]][] = [
  [
    'sampling.yaml',
    [
      '3:14: error: remove temperature: Claude Sonnet 5 accepts only the default temperature, top_p and top_k; steer it with the prompt instead',
      '9:12: error: remove top_p: Claude Sonnet 5 accepts only the default temperature, top_p and top_k; steer it with the prompt instead',
      '12:22: error: remove top_k: Claude Sonnet 5 accepts only the default temperature, top_p and top_k; steer it with the prompt instead',
    ],
  ],
  [
    'thinking.yaml',
    [
      '6:23: error: use thinking: {type: adaptive} or leave thinking out (effort sets its depth): Claude Sonnet 5 rejects manual thinking (thinking: {type: enabled})',
      '13:23: error: remove thinking: {type: disabled} and lower effort instead (thinking is always on): Claude Opus 5.5 rejects thinking: {type: disabled}',
      '17:23: error: use thinking: {type: between_tools} (at effort: high or lower): Claude Sonnet 5.5 rejects thinking: {type: disabled}',
      '27:23: error: set effort: high or lower, or keep thinking on: Claude Opus 5 rejects thinking: {type: disabled} at effort max',
      '40:23: error: use thinking: {type: enabled, budget_tokens: N} (N from 1024, below max_tokens): Claude Haiku 4.5 rejects adaptive thinking (thinking: {type: adaptive})',
      '47:23: error: use thinking: {type: adaptive} (a lower effort thinks less): Claude Sonnet 5 rejects thinking: {type: between_tools}',
      '57:23: error: set effort: high or lower, or use thinking: {type: adaptive}: Claude Sonnet 5.5 rejects thinking: {type: between_tools} at effort max',
      '61:23: error: use thinking: {type: adaptive} or leave thinking out (effort sets its depth): Claude Mythos Preview rejects manual thinking (thinking: {type: enabled})',
      '66:23: error: remove thinking: {type: disabled} and lower effort instead (thinking is always on): Claude Mythos Preview rejects thinking: {type: disabled}',
    ],
  ],
  // Thinking's own rules, on every model that takes the thinking and under either version.
  [
    'manual-thinking.yaml',
    [
      '11:26: error: use tool_choice: {type: auto}, or leave thinking out: the API rejects forced tool use (tool_choice: {type: any}) with manual thinking (thinking: {type: enabled})',
      '16:18: error: remove temperature, or leave thinking out: the API takes only temperature: 1 with thinking (thinking: {type: enabled})',
      '19:47: error: raise max_tokens above budget_tokens, or lower budget_tokens: the API needs thinking.budget_tokens below max_tokens (2,048 is not below 2,048)',
      '23:47: error: raise max_tokens above budget_tokens, or lower budget_tokens: the API needs thinking.budget_tokens below max_tokens (2,048 is not below 1,024)',
      '37:18: error: remove temperature, or leave thinking out: the API takes only temperature: 1 with thinking (thinking: {type: adaptive})',
    ],
  ],
  [
    'sampling-pair.yaml',
    [
      '7:12: error: send temperature or top_p, not both: Claude Haiku 4.5 rejects temperature and top_p in one request',
      '12:22: error: send temperature or top_p, not both: Claude Sonnet 4.6 rejects temperature and top_p in one request',
    ],
  ],
  [
    'tool-choice.yaml',
    [
      '9:26: error: use tool_choice: {type: auto} and name the tool in the prompt: Claude Opus 5.5 rejects forced tool use (tool_choice: {type: tool})',
      '12:36: error: use tool_choice: {type: auto} and name the tool in the prompt: Claude Opus 5.5 rejects forced tool use (tool_choice: {type: any})',
    ],
  ],
  [
    'prefill.yaml',
    [
      '7:9: error: end the conversation on a user turn: Claude Sonnet 5.5 rejects assistant prefill (messages ending on an assistant turn)',
      '22:9: error: end the conversation on a user turn: Claude Mythos Preview rejects assistant prefill (messages ending on an assistant turn)',
      // Where prefill is taken, the API's own rules for it.
      '27:37: error: remove the whitespace at the end of the prefill: the API rejects a final assistant turn whose text ends in whitespace',
      '35:13: error: remove the whitespace at the end of the prefill: the API rejects a final assistant turn whose text ends in whitespace',
      '42:37: error: end the conversation on a user turn, or leave thinking out: the API needs a final assistant turn to open with a thinking block under manual thinking (thinking: {type: enabled})',
    ],
  ],
  // Under the installed SDK's version (2026-10-21): sampling at any value, even temperature 1, and content blocks at the block.
  [
    'api-version.yaml',
    [
      '5:18: error: remove temperature, or pin api_version: "2023-06-01", where Claude Haiku 4.5 takes it: API version 2026-10-21 rejects temperature, top_p and top_k at any value',
      '9:12: error: remove top_p: API version 2026-10-21 rejects temperature, top_p and top_k at any value (Claude Sonnet 5 refuses non-default values under older versions too)',
      '12:22: error: remove top_k, or pin api_version: "2023-06-01", where Claude Haiku 4.5 takes it: API version 2026-10-21 rejects temperature, top_p and top_k at any value',
      '20:13: error: send the document in a user turn, or pin api_version: "2023-06-01": API version 2026-10-21 rejects a document block in an assistant turn',
      '26:13: error: remove citations from the block, or pin api_version: "2023-06-01": API version 2026-10-21 rejects citations on text in a user turn',
      '27:13: error: remove citations from the block, or pin api_version: "2023-06-01": API version 2026-10-21 rejects citations on text in a user turn',
    ],
  ],
  // The suite pins 2023-06-01: Haiku 4.5 takes temperature there, Sonnet 5 still does not, and a case pinning 2026-10-21 is refused.
  [
    'api-version-pinned.yaml',
    [
      '4:14: error: remove temperature: Claude Sonnet 5 accepts only the default temperature, top_p and top_k; steer it with the prompt instead',
      '4:14: error: remove temperature, or pin api_version: "2023-06-01", where Claude Haiku 4.5 takes it: API version 2026-10-21 rejects temperature, top_p and top_k at any value',
    ],
  ],
  [
    'effort-and-limits.yaml',
    [
      '5:13: error: use effort: low, medium, high or max, or leave it out: Claude Opus 4.6 rejects effort xhigh',
      '12:40: error: remove effort: Claude Sonnet 4.5 does not take an effort level',
      '16:17: error: use max_tokens: 64,000 or less: Claude Haiku 4.5 writes at most 64,000 tokens, not 100,000',
    ],
  ],
];

async function problemsOf(file: string): Promise<string[]> {
  try {
    await loadSuites([file]);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  return [];
}

describe('settings the model rejects', () => {
  it.each(corpus)('%s: refused at the line, with the fix; the cases the rule allows pass', async (file, messages) => {
    const at = path.join(CORPUS, file);
    expect(await problemsOf(at)).toEqual(messages.map((m) => `${at}:${m}`));
  });

  it('the errors docs/suite-format.md and docs/models.md show are ones validate gives', async () => {
    const doc = readFileSync('docs/suite-format.md', 'utf8') + readFileSync('docs/models.md', 'utf8');
    const shown = [...doc.matchAll(/^suite\.yaml:\d+:\d+: error: (.+)$/gm)].map((m) => m[1]!);
    const given = new Set((await Promise.all(corpus.map(([file]) => problemsOf(path.join(CORPUS, file))))).flat().map((d) => d.replace(/^.*?: error: /, '')));
    expect(shown.length).toBeGreaterThan(0);
    for (const message of shown) expect(given, message).toContain(message);
  });

  it('a model the table does not know refuses nothing of its own; its API version still refuses what it refuses', async () => {
    const yaml =
      'name: s\nmodel: claude-future-9\ntemperature: 0.3\ntool_choice: { type: any }\ntools: [{ name: t, input_schema: { type: object } }]\ncases:\n  - id: a\n    prompt: hi\n';
    const rates = { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 };
    const dir = await tempProject({
      'suites/s.yaml': `${yaml}api_version: "2023-06-01"\n`,
      'new/s.yaml': yaml,
      'prices.json': JSON.stringify({ models: { 'claude-future-9': rates } }),
    });
    // A model released after the table is admitted by its price (unknown-models.test.ts).
    await withPrices(loadPriceTable(path.join(dir, 'prices.json')), async () => {
      expect(await problemsOf(path.join(dir, 'suites/s.yaml'))).toEqual([]);
      const file = path.join(dir, 'new/s.yaml');
      expect(await problemsOf(file)).toEqual([
        `${file}:3:14: error: remove temperature, or pin api_version: "2023-06-01": API version 2026-10-21 rejects temperature, top_p and top_k at any value`,
      ]);
    });
  });

  it('waits while a key it reads is malformed, so the schema error is said alone', async () => {
    const dir = await tempProject({ 'suites/s.yaml': 'name: s\nmodel: claude-sonnet-5\ntemperature: 3\ncases:\n  - id: a\n    prompt: hi\n' });
    const file = path.join(dir, 'suites/s.yaml');
    expect(await problemsOf(file)).toEqual([`${file}:3:14: error: temperature must be <= 1; got 3`]);
  });
});

describe('models at their end of life', () => {
  const SUITE = [
    'name: eol',
    'model: claude-sonnet-4-5',
    'grader: { model: claude-sonnet-4-0 }',
    'cases:',
    '  - id: a',
    '    prompt: hi',
    '    assert:',
    '      - rubric: { criteria: polite, model: claude-opus-4-1 }',
    '  - id: b',
    '    model: claude-haiku-4-5-20251001',
    '    prompt: hi',
    '',
  ].join('\n');

  it('warn at the line naming them, with the retirement day and the successor; legacy and active models say nothing', async () => {
    const dir = await tempProject({ 'suites/eol.yaml': SUITE });
    const file = path.join(dir, 'suites/eol.yaml');
    const [suite] = await loadSuites([file], { day: '2026-11-30' });
    expect(suite!.warnings!.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      '2:8: claude-sonnet-4-5 (Claude Sonnet 4.5) is deprecated and retires on 2026-11-30; move to claude-sonnet-5-5',
      '3:18: claude-sonnet-4-0 (Claude Sonnet 4) was retired on 2026-06-15: live calls to it fail, only recordings still replay; move to claude-sonnet-4-6',
      '8:44: claude-opus-4-1 (Claude Opus 4.1) was retired on 2026-08-05: live calls to it fail, only recordings still replay',
    ]);
  });

  it('a deprecated model is retired the day after its retirement day', async () => {
    const dir = await tempProject({ 'suites/eol.yaml': SUITE });
    const [suite] = await loadSuites([path.join(dir, 'suites/eol.yaml')], { day: '2026-12-01' });
    expect(suite!.warnings![0]!.message).toBe(
      'claude-sonnet-4-5 (Claude Sonnet 4.5) was retired on 2026-11-30: live calls to it fail, only recordings still replay; move to claude-sonnet-5-5',
    );
  });

  it('validate prints them on stderr and still exits 0', async () => {
    const dir = await tempProject({ 'suites/eol.yaml': SUITE.replace('claude-sonnet-4-5', 'claude-sonnet-4-0') });
    const { code, stdout, stderr } = await runCli(['validate', path.join(dir, 'suites')]);
    expect(code).toBe(0);
    expect(stdout).toBe('✓ 1 suite, 2 cases, 1 assertions: all valid\n');
    expect(stderr).toContain(`${path.join(dir, 'suites/eol.yaml')}:2:8: warning: claude-sonnet-4-0 (Claude Sonnet 4) was retired on 2026-06-15`);
  });
});
