/**
 * The simulator refuses what the API refuses (api-rules.ts): one test per rule, its accept and its
 * reject side, under both API versions where the version matters. These call `simulatorVerdict`, the
 * function the HTTP routes apply; api-errors.test.ts checks the same verdicts over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { simulatorVerdict, type Endpoint } from '../support/sim/index.ts';

const V23 = { 'anthropic-version': '2023-06-01' };
const V26 = { 'anthropic-version': '2026-10-21' };
const DAY = '2026-12-06';
const OK = { status: 200 };
const user = [{ role: 'user', content: 'hi' }];

const req = (model: string, extra: Record<string, unknown> = {}) => ({ model, max_tokens: 100, messages: user, ...extra });
const judge = (headers: Record<string, string>, body: unknown, endpoint: Endpoint = 'messages', day = DAY) =>
  simulatorVerdict(headers, body, { endpoint, day });
const refused = (message: string) => ({ status: 400, type: 'invalid_request_error', message });
const notFound = (model: string) => ({ status: 404, type: 'not_found_error', message: `model: ${model}` });
const verdicts = (headers: Record<string, string>, models: string[], extra: Record<string, unknown>) =>
  Object.fromEntries(models.map((m) => [m, judge(headers, req(m, extra)).status]));

describe('anthropic-version', () => {
  it('is required, must be a version the API knows, and is read in any header case', () => {
    expect(judge({}, req('claude-haiku-4-5'))).toEqual(refused('anthropic-version: header is required'));
    expect(judge({ 'anthropic-version': '2024-01-01' }, req('claude-haiku-4-5'))).toEqual(refused('anthropic-version: "2024-01-01" is not a valid version'));
    expect(judge({ 'Anthropic-Version': '2026-10-21' }, req('claude-haiku-4-5'))).toEqual(OK);
    expect(judge(V23, req('claude-haiku-4-5'))).toEqual(OK);
  });
});

describe('2026-10-21', () => {
  it('refuses temperature, top_p and top_k at any value, the defaults too; 2023-06-01 leaves them to the model', () => {
    for (const [key, value] of [
      ['temperature', 1],
      ['temperature', 0],
      ['top_p', 0.9],
      ['top_k', 5],
    ] as const) {
      expect(judge(V26, req('claude-haiku-4-5', { [key]: value }))).toEqual(refused(`${key}: Extra inputs are not permitted`));
      expect(judge(V23, req('claude-haiku-4-5', { [key]: value }))).toEqual(OK);
    }
  });

  it('refuses them on count_tokens too', () => {
    const count = { model: 'claude-haiku-4-5', messages: user, top_k: 3 };
    expect(judge(V26, count, 'count_tokens')).toEqual(refused('top_k: Extra inputs are not permitted'));
    expect(judge(V23, count, 'count_tokens')).toEqual(OK);
  });

  it('refuses them in any request of a batch, judged under the create call`s version', () => {
    const batch = {
      requests: [
        { custom_id: 'a', params: req('claude-haiku-4-5') },
        { custom_id: 'b', params: req('claude-haiku-4-5', { temperature: 0.2 }) },
      ],
    };
    expect(judge(V26, batch, 'batches')).toEqual(refused('requests.1.params.temperature: Extra inputs are not permitted'));
    expect(judge(V23, batch, 'batches')).toEqual(OK);
  });

  it('refuses a document block in an assistant turn, not in a user turn', () => {
    const document = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } };
    const inAssistant = req('claude-haiku-4-5', { messages: [...user, { role: 'assistant', content: [document] }, ...user] });
    expect(judge(V26, inAssistant)).toEqual(refused('messages.1.content.0: document blocks are not permitted in assistant messages'));
    expect(judge(V23, inAssistant)).toEqual(OK);
    expect(judge(V26, req('claude-haiku-4-5', { messages: [{ role: 'user', content: [document, { type: 'text', text: 'q' }] }] }))).toEqual(OK);
  });

  it('refuses non-empty citations on a user text block; empty citations and assistant citations pass', () => {
    const citation = { type: 'char_location', cited_text: 'x', document_index: 0, document_title: null, start_char_index: 0, end_char_index: 1 };
    const cited = (role: string, citations: unknown[]) =>
      req('claude-haiku-4-5', { messages: [...user, { role, content: [{ type: 'text', text: 't', citations }] }, ...(role === 'assistant' ? user : [])] });
    expect(judge(V26, cited('user', [citation]))).toEqual(
      refused('messages.1.content.0.citations: citations are not permitted on text blocks in user messages'),
    );
    expect(judge(V23, cited('user', [citation]))).toEqual(OK);
    expect(judge(V26, cited('user', []))).toEqual(OK);
    expect(judge(V26, cited('assistant', [citation]))).toEqual(OK);
  });
});

// Under 2026-10-21 the version refuses every sampling parameter first, so the per-model rule shows under 2023-06-01.
describe('per-model rules', () => {
  const refuseSampling = [
    'claude-sonnet-5-5',
    'claude-sonnet-5',
    'claude-opus-5-5',
    'claude-opus-5',
    'claude-opus-4-8',
    'claude-opus-4-7',
    'claude-haiku-5-5',
    'claude-fable-5-2',
    'claude-mythos-5-2',
    'claude-fable-5-1',
    'claude-mythos-5-1',
    'claude-fable-5',
    'claude-mythos-5',
    'claude-mythos-preview',
  ];
  const takeSampling = ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-6', 'claude-opus-4-5'];

  it('non-default sampling: refused from Opus 4.7, Sonnet 5 and Haiku 5.5 on; temperature 1 (the default) passes', () => {
    expect(judge(V23, req('claude-sonnet-5-5', { temperature: 0 }))).toEqual(refused('temperature is deprecated for this model.'));
    expect(judge(V23, req('claude-sonnet-5-5', { top_p: 1 }))).toEqual(refused('top_p is deprecated for this model.'));
    expect(judge(V23, req('claude-sonnet-5-5', { top_k: 1 }))).toEqual(refused('top_k is deprecated for this model.'));
    expect(verdicts(V23, refuseSampling, { temperature: 0.5 })).toEqual(Object.fromEntries(refuseSampling.map((m) => [m, 400])));
    expect(verdicts(V23, refuseSampling, { temperature: 1 })).toEqual(Object.fromEntries(refuseSampling.map((m) => [m, 200])));
    expect(verdicts(V23, takeSampling, { top_k: 5 })).toEqual(Object.fromEntries(takeSampling.map((m) => [m, 200])));
  });

  it('temperature with top_p: refused on the 4.5 models, Opus 4.1 and Sonnet 4.6, either one alone passes', () => {
    const both = refused('temperature and top_p cannot both be specified for this model. Please use only one.');
    expect(judge(V23, req('claude-haiku-4-5', { temperature: 0.5, top_p: 0.9 }))).toEqual(both);
    expect(judge(V23, req('claude-sonnet-4-6', { temperature: 0.5, top_p: 0.9 }))).toEqual(both);
    expect(judge(V23, req('claude-haiku-4-5', { top_p: 0.9 }))).toEqual(OK);
    expect(judge(V23, req('claude-sonnet-4-6', { temperature: 0.5 }))).toEqual(OK);
    // No report of the 400 on Opus 4.6 was found, so the simulator takes the pair there.
    expect(judge(V23, req('claude-opus-4-6', { temperature: 0.5, top_p: 0.9 }))).toEqual(OK);
  });

  it('max_tokens above the model`s max output is refused, in the API`s words; at the max it passes', () => {
    for (const headers of [V23, V26]) {
      expect(judge(headers, req('claude-haiku-4-5', { max_tokens: 64_000 }))).toEqual(OK);
      expect(judge(headers, req('claude-haiku-4-5', { max_tokens: 64_001 }))).toEqual(
        refused('max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5'),
      );
      expect(judge(headers, req('claude-sonnet-5-5', { max_tokens: 128_000 }))).toEqual(OK);
      expect(judge(headers, req('claude-sonnet-5-5', { max_tokens: 128_001 })).status).toBe(400);
    }
  });

  it('an unknown model id is a 404 not_found_error; a dated id is the same model', () => {
    for (const headers of [V23, V26]) {
      expect(judge(headers, req('claude-nope-1'))).toEqual(notFound('claude-nope-1'));
      expect(judge(headers, req('claude-haiku-4-5-20251001'))).toEqual(OK);
      expect(judge(headers, req('claude-haiku-4-5-20251001', { max_tokens: 64_001 })).status).toBe(400);
    }
    expect(judge(V26, { model: 'claude-nope-1', messages: user }, 'count_tokens')).toEqual(notFound('claude-nope-1'));
  });

  it('a retired model works through its retirement day and is a 404 after it', () => {
    expect(judge(V26, req('claude-sonnet-4-5'), 'messages', '2026-11-30')).toEqual(OK);
    expect(judge(V26, req('claude-sonnet-4-5'), 'messages', '2026-12-01')).toEqual(notFound('claude-sonnet-4-5'));
    expect(judge(V26, req('claude-sonnet-4-20250514'))).toEqual(notFound('claude-sonnet-4-20250514'));
    // Opus 4.1: "retired" on the pricing page (outside Bedrock and Google Cloud), as in promptgate's table.
    expect(judge(V23, req('claude-opus-4-1', { top_k: 5 }), 'messages', '2026-08-05')).toEqual(OK);
    expect(judge(V23, req('claude-opus-4-1-20250805'), 'messages', '2026-08-06')).toEqual(notFound('claude-opus-4-1-20250805'));
  });

  it('manual thinking: refused where only adaptive thinking is left; budget rules where it is taken', () => {
    const manual = { max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 } };
    const message =
      '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';
    for (const headers of [V23, V26]) {
      for (const model of ['claude-opus-5-5', 'claude-haiku-5-5', 'claude-sonnet-5', 'claude-opus-4-7', 'claude-fable-5-2']) {
        expect(judge(headers, req(model, manual))).toEqual(refused(message));
      }
      expect(verdicts(headers, ['claude-haiku-4-5', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-5'], manual)).toEqual({
        'claude-haiku-4-5': 200,
        'claude-opus-4-6': 200,
        'claude-sonnet-4-6': 200,
        'claude-opus-4-5': 200,
      });
    }
    expect(judge(V23, req('claude-haiku-4-5', { thinking: { type: 'enabled', budget_tokens: 1023 } }))).toEqual(
      refused('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'),
    );
    expect(judge(V23, req('claude-haiku-4-5', { max_tokens: 1024, thinking: { type: 'enabled', budget_tokens: 1024 } }))).toEqual(
      refused('max_tokens: must be greater than thinking.budget_tokens'),
    );
    const onlyOne = refused('temperature may only be set to 1 when thinking is enabled or in adaptive mode.');
    expect(judge(V23, req('claude-haiku-4-5', { ...manual, temperature: 0.5 }))).toEqual(onlyOne);
    // Adaptive thinking too, on a model that takes both it and temperature (under 2023-06-01).
    expect(judge(V23, req('claude-sonnet-4-6', { thinking: { type: 'adaptive' }, temperature: 0.5 }))).toEqual(onlyOne);
    expect(judge(V23, req('claude-sonnet-4-6', { thinking: { type: 'adaptive' }, temperature: 1 }))).toEqual(OK);
  });

  it('thinking disabled: refused where adaptive thinking is always on, and above effort high on Opus 5 and Haiku 5.5', () => {
    const off = { thinking: { type: 'disabled' } };
    for (const headers of [V23, V26]) {
      for (const model of ['claude-opus-5-5', 'claude-fable-5-2', 'claude-mythos-5-1', 'claude-fable-5', 'claude-mythos-preview']) {
        expect(judge(headers, req(model, off))).toEqual(
          refused(
            '"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
          ),
        );
      }
      expect(judge(headers, req('claude-sonnet-5-5', off))).toEqual(
        refused('"thinking.type.disabled" is not supported for this model. Use "thinking.type.between_tools" to turn off up-front thinking.'),
      );
      for (const model of ['claude-opus-5', 'claude-haiku-5-5']) {
        expect(judge(headers, req(model, off))).toEqual(OK); // default effort: high on Opus 5, medium on Haiku 5.5
        expect(judge(headers, req(model, { ...off, output_config: { effort: 'high' } }))).toEqual(OK);
        expect(judge(headers, req(model, { ...off, output_config: { effort: 'xhigh' } }))).toEqual(
          refused("output_config.effort 'xhigh' is not supported when thinking is disabled on this model. Use effort 'high' or below, or enable thinking."),
        );
      }
      expect(verdicts(headers, ['claude-haiku-4-5', 'claude-sonnet-5', 'claude-opus-4-8'], off)).toEqual({
        'claude-haiku-4-5': 200,
        'claude-sonnet-5': 200,
        'claude-opus-4-8': 200,
      });
    }
  });

  it('adaptive thinking is refused before the 4.6 models; between_tools is Sonnet 5.5`s, up to effort high', () => {
    expect(judge(V26, req('claude-haiku-4-5', { thinking: { type: 'adaptive' } })).status).toBe(400);
    expect(judge(V26, req('claude-sonnet-4-6', { thinking: { type: 'adaptive' } }))).toEqual(OK);
    const between = { thinking: { type: 'between_tools' } };
    expect(judge(V26, req('claude-sonnet-5-5', { ...between, output_config: { effort: 'high' } }))).toEqual(OK);
    expect(judge(V26, req('claude-sonnet-5-5', { ...between, output_config: { effort: 'max' } })).status).toBe(400);
    expect(judge(V26, req('claude-opus-5-5', between)).status).toBe(400);
  });

  it('forced tool use: refused on Opus 5.5, Sonnet 5.5 and Fable/Mythos 5.1 and 5.2; with manual thinking on any model', () => {
    const tools = [{ name: 't', input_schema: { type: 'object', properties: {} } }];
    for (const headers of [V23, V26]) {
      for (const type of ['any', 'tool']) {
        const forced = { tools, tool_choice: type === 'tool' ? { type, name: 't' } : { type } };
        expect(judge(headers, req('claude-opus-5-5', forced))).toEqual(
          refused(`tool_choice: "tool_choice.type.${type}" is not supported for this model. Use "tool_choice.type.auto" and ask for the tool in the prompt.`),
        );
        const rejecting = ['claude-sonnet-5-5', 'claude-fable-5-1', 'claude-mythos-5-1', 'claude-fable-5-2', 'claude-mythos-5-2'];
        expect(verdicts(headers, rejecting, forced)).toEqual(Object.fromEntries(rejecting.map((m) => [m, 400])));
        const taking = ['claude-haiku-4-5', 'claude-opus-5', 'claude-sonnet-5', 'claude-haiku-5-5', 'claude-fable-5'];
        expect(verdicts(headers, taking, forced)).toEqual(Object.fromEntries(taking.map((m) => [m, 200])));
      }
      expect(judge(headers, req('claude-opus-5-5', { tools, tool_choice: { type: 'auto' } }))).toEqual(OK);
      expect(
        judge(headers, req('claude-haiku-4-5', { max_tokens: 4096, tools, tool_choice: { type: 'any' }, thinking: { type: 'enabled', budget_tokens: 1024 } })),
      ).toEqual(refused('Thinking may not be enabled when tool_choice forces tool use.'));
    }
  });

  it('effort: only the levels the model has; none at all on Haiku 4.5', () => {
    const at = (effort: string) => ({ output_config: { effort } });
    for (const headers of [V23, V26]) {
      expect(judge(headers, req('claude-opus-4-5', at('high')))).toEqual(OK);
      expect(judge(headers, req('claude-opus-4-5', at('max')))).toEqual(refused("output_config.effort: Input should be 'low', 'medium', 'high'"));
      expect(judge(headers, req('claude-opus-4-6', at('max')))).toEqual(OK);
      expect(judge(headers, req('claude-opus-4-6', at('xhigh'))).status).toBe(400);
      expect(judge(headers, req('claude-sonnet-5-5', at('xhigh')))).toEqual(OK);
      expect(judge(headers, req('claude-haiku-4-5', at('low')))).toEqual(refused('output_config.effort: effort is not supported for this model'));
    }
  });

  it('assistant prefill: refused from the 4.6 models on; taken by Haiku 4.5 and Opus 4.5', () => {
    const prefill = { messages: [...user, { role: 'assistant', content: '{' }] };
    for (const headers of [V23, V26]) {
      for (const model of ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-5-5', 'claude-opus-5-5', 'claude-sonnet-5', 'claude-fable-5']) {
        expect(judge(headers, req(model, prefill))).toEqual(refused('Prefilling assistant messages is not supported for this model.'));
      }
      expect(verdicts(headers, ['claude-haiku-4-5', 'claude-opus-4-5'], prefill)).toEqual({ 'claude-haiku-4-5': 200, 'claude-opus-4-5': 200 });
    }
  });

  it('where prefill is taken: not ending in whitespace, and not with manual thinking', () => {
    expect(judge(V26, req('claude-haiku-4-5', { messages: [...user, { role: 'assistant', content: 'Answer: ' }] }))).toEqual(
      refused('messages: final assistant content cannot end with trailing whitespace'),
    );
    const thinking = { max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 } };
    expect(judge(V26, req('claude-haiku-4-5', { ...thinking, messages: [...user, { role: 'assistant', content: '{' }] }))).toEqual(
      refused(
        'messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` message must start with a thinking block.',
      ),
    );
    const opened = [
      { type: 'thinking', thinking: 'hm', signature: 's' },
      { type: 'text', text: '{' },
    ];
    expect(judge(V26, req('claude-haiku-4-5', { ...thinking, messages: [...user, { role: 'assistant', content: opened }] }))).toEqual(OK);
  });
});
