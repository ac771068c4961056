/**
 * suites/assertions-tour.yaml against hand-written sensible answers: every assertion passes on them,
 * so a failing recording means the model's answer changed, not that the suite is unsatisfiable.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { evaluateAssertions } from '../../src/assertions/evaluate.ts';
import { judgeSample } from '../../src/assertions/evaluate.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { context, message, output, text, toolUse } from './fixture.ts';

const thinking = (t: string) => ({ type: 'thinking', thinking: t, signature: 'sig' }) as Anthropic.ThinkingBlock;

/** The answers each case needs; the lead's recordings should look like these. */
export const TOUR_ANSWERS: Record<string, { content: Anthropic.ContentBlock[]; stop_reason: Anthropic.StopReason; output_tokens?: number }> = {
  'capital-one-word': { content: [text('Paris')], stop_reason: 'end_turn', output_tokens: 4 },
  'support-reply': {
    content: [
      text(
        "I'm sorry your package hasn't arrived, that's frustrating. A week without a tracking update usually means the carrier lost a scan. " +
          'Please reply with your order number and I will open a trace with the carrier today, and if it has not turned up in 3 days we will send a replacement.',
      ),
    ],
    stop_reason: 'end_turn',
  },
  'order-confirmation': { content: [text('Order #48213 confirmed')], stop_reason: 'end_turn' },
  'extract-order': {
    content: [
      text(
        '{"customer": "Dana Lee", "email": "dana.lee@example.com", "items": [{"sku": "SKU-1042", "qty": 2}, {"sku": "SKU-2001", "qty": 1}], "express": true}',
      ),
    ],
    stop_reason: 'end_turn',
  },
  'triage-billing': {
    content: [
      toolUse('classify_ticket', { category: 'billing', urgency: 'normal', confidence: 0.95, summary: 'Charged twice for subscription; wants a refund' }),
    ],
    stop_reason: 'tool_use',
  },
  'out-of-scope': { content: [text('I can only help with Acme support questions.')], stop_reason: 'end_turn' },
  'weather-and-time': {
    content: [text("I'll check both for you."), toolUse('get_weather', { city: 'Tokyo' }, 't1'), toolUse('get_time', { city: 'Tokyo' }, 't2')],
    stop_reason: 'tool_use',
  },
  'arithmetic-with-thinking': { content: [thinking('17 * 24 = 17 * 20 + 17 * 4 = 340 + 68 = 408.'), text('408')], stop_reason: 'end_turn' },
};

describe('suites/assertions-tour.yaml', async () => {
  const [suite] = await loadSuites(['suites/assertions-tour.yaml']);
  const grade = async (params: Anthropic.MessageCreateParamsNonStreaming) => {
    expect(params.tool_choice).toEqual({ type: 'tool', name: 'grade' });
    return message([toolUse('grade', { pass: true, score: 0.9, reason: 'Meets the rubric.' })], { stop_reason: 'tool_use' });
  };

  it('has an answer for every case', () => {
    expect(suite!.cases.map((c) => c.id).sort()).toEqual(Object.keys(TOUR_ANSWERS).sort());
  });

  for (const c of suite!.cases) {
    it(`${c.id}: a sensible answer passes every assertion`, async () => {
      const a = TOUR_ANSWERS[c.id]!;
      const out = output(a.content, {
        message: { stop_reason: a.stop_reason, usage: { input_tokens: 150, output_tokens: a.output_tokens ?? 60 } as Anthropic.Usage },
        latencyMs: 900,
        costUsd: 0.0005,
      });
      const results = await evaluateAssertions(c.assert, context(out, { case: c, suiteDir: suite!.dir, grade }));
      expect(results.filter((r) => !r.pass).map((r) => `${r.name}: ${r.reason}`)).toEqual([]);
      expect(judgeSample(results, c.threshold).status).toBe('passed');
    });
  }

  it('covers every assertion kind', () => {
    const names = new Set<string>();
    const walk = (s: { name: string; args: unknown }): void => void (s.name === 'not' ? (names.add('not'), walk(s.args as never)) : names.add(s.name));
    for (const c of suite!.cases) c.assert.forEach(walk);
    expect([...names].sort()).toEqual(
      [
        'contains',
        'contains_all',
        'contains_any',
        'ends_with',
        'equals',
        'icontains',
        'is_json',
        'javascript',
        'json_path',
        'json_schema',
        'length',
        'max_cost_usd',
        'max_input_tokens',
        'max_latency_ms',
        'max_output_tokens',
        'not',
        'regex',
        'rubric',
        'starts_with',
        'stop_reason',
        'tool_called',
        'tool_input',
      ].sort(),
    );
  });
});
