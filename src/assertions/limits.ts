import type Anthropic from '@anthropic-ai/sdk';
import { formatUsd as usd, USD_SLACK } from '../format/usd.ts';
import { hint } from '../suite/did-you-mean.ts';
import type { AssertionDef, Verdict } from './types.ts';

/** The SDK's StopReason union, as values: a typo in a suite is caught by `validate`. */
const STOP_REASONS: readonly Anthropic.StopReason[] = [
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
];

export const stopReason: AssertionDef<string | string[]> = {
  name: 'stop_reason',
  check(args) {
    return [args]
      .flat()
      .filter((r) => !(STOP_REASONS as readonly string[]).includes(r))
      .map((r) => `unknown stop reason '${r}'${hint(r, STOP_REASONS)}; known: ${STOP_REASONS.join(', ')}`);
  },
  evaluate(args, _subject, ctx) {
    const wanted = [args].flat();
    const actual = String(ctx.output.message.stop_reason);
    const expected = wanted.join(' or ');
    return wanted.includes(actual)
      ? { pass: true, reason: `stop_reason is ${actual}`, expected, actual }
      : { pass: false, reason: `expected stop_reason ${expected}, got ${actual}`, expected, actual };
  },
};

/** `slack`: for sums in floating point (a tool loop's steps' dollars), whose last digit may land past an exact limit. */
function ceiling(what: string, actual: number, limit: number, unit: (n: number) => string, note = '', slack = 0): Verdict {
  const pass = actual <= limit + slack;
  // Printed alike but apart ($0.0000071 over $0.0000069, both "$0.000007"): the figures as they are, so "over" reads true.
  const alike = !pass && unit(actual) === unit(limit);
  const shown = (n: number) => (alike ? `${unit(n)} (${n})` : unit(n));
  return {
    pass,
    reason: `${what} ${shown(actual)}${note}, ${pass ? 'within' : 'over'} the limit of ${shown(limit)}`,
    expected: `<= ${shown(limit)}`,
    actual: shown(actual),
  };
}

const tokens = (n: number) => `${n} token${n === 1 ? '' : 's'}`;
const ms = (n: number) => `${Math.round(n)} ms`;

export const maxOutputTokens: AssertionDef<number> = {
  name: 'max_output_tokens',
  evaluate: (limit, _s, ctx) => ceiling('the answer used', ctx.output.usage.output_tokens, limit, tokens),
};

export const maxInputTokens: AssertionDef<number> = {
  name: 'max_input_tokens',
  evaluate(limit, _s, ctx) {
    // Cached tokens are still part of the prompt the model read; count them, and say so.
    const u = ctx.output.usage;
    const cached = u.cache_creation_input_tokens + u.cache_read_input_tokens;
    const note = cached ? ` (${u.input_tokens} uncached + ${u.cache_creation_input_tokens} cache write + ${u.cache_read_input_tokens} cache read)` : '';
    return ceiling('the prompt used', u.input_tokens + cached, limit, tokens, note);
  },
};

export const maxCostUsd: AssertionDef<number> = {
  name: 'max_cost_usd',
  evaluate(limit, _s, ctx) {
    const cost = ctx.output.costUsd;
    if (cost === undefined) {
      const model = ctx.output.message.model;
      return {
        pass: false,
        reason: `no price known for model ${model}, so its cost cannot be checked against ${usd(limit)}`,
        expected: `<= ${usd(limit)}`,
        actual: 'unknown',
      };
    }
    // A tool loop's steps sum their dollars in float.
    return ceiling('the call cost', cost, limit, usd, '', USD_SLACK);
  },
};

export const maxLatencyMs: AssertionDef<number> = {
  name: 'max_latency_ms',
  evaluate: (limit, _s, ctx) => ceiling('the call took', ctx.output.latencyMs, limit, ms),
};

interface LengthArgs {
  min_chars?: number;
  max_chars?: number;
  min_words?: number;
  max_words?: number;
}

export const length: AssertionDef<LengthArgs> = {
  name: 'length',
  check(a) {
    const out: string[] = [];
    if (a.min_chars !== undefined && a.max_chars !== undefined && a.min_chars > a.max_chars)
      out.push(`min_chars ${a.min_chars} is more than max_chars ${a.max_chars}`);
    if (a.min_words !== undefined && a.max_words !== undefined && a.min_words > a.max_words)
      out.push(`min_words ${a.min_words} is more than max_words ${a.max_words}`);
    return out;
  },
  evaluate(a, subject) {
    // Characters are code points, so an emoji counts once; words are runs of non-space.
    // oxlint-disable-next-line typescript/no-misused-spread -- code points are the documented unit (docs/assertions.md), not graphemes
    const chars = [...subject].length;
    const words = subject.match(/\S+/g)?.length ?? 0;
    const bounds: [string, number, number | undefined, number | undefined][] = [
      ['characters', chars, a.min_chars, a.max_chars],
      ['words', words, a.min_words, a.max_words],
    ];
    const parts: string[] = [];
    const expected: string[] = [];
    let pass = true;
    for (const [unit, n, min, max] of bounds) {
      if (min === undefined && max === undefined) continue;
      const range = min !== undefined && max !== undefined ? `${min}..${max}` : min !== undefined ? `>= ${min}` : `<= ${max}`;
      const ok = (min === undefined || n >= min) && (max === undefined || n <= max);
      pass &&= ok;
      expected.push(`${range} ${unit}`);
      parts.push(`${n} ${unit} (${ok ? 'within' : 'expected'} ${range})`);
    }
    return { pass, reason: `output has ${parts.join(' and ')}`, expected: expected.join(' and '), actual: `${chars} characters, ${words} words` };
  },
};
