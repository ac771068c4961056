/**
 * Old against new answers, reviewed like a snapshot update: the answer's line diff, the verdict change,
 * and the token and cost delta; for recordings a run overwrote (SampleResult.previous) and for compare.
 */
import { canonicalJson } from '../src/canonical-json.ts';
import { formatUsd } from '../src/format/usd.ts';
import { outsideLine } from '../src/format/outside-text.ts';
import { lineDiff } from '../src/format/line-diff.ts';
import { callCost } from '../src/pricing/cost.ts';
import { caseLabel, type CallRecord, type RunResult, type SampleOutput, type SampleResult, type Status, type Usage } from '../src/run-result.ts';
import { mdText } from './markdown-text.ts';

/** Past this many diff lines a change is cut; the results JSON (or the recording) keeps both answers whole. */
const MAX_DIFF_LINES = 60;

/** One side of a change: the answer, what it used and cost, and its verdict when it has one. */
export interface AnswerSide {
  output: SampleOutput;
  usage?: Usage | undefined;
  costUsd?: number | undefined;
  status?: Status | undefined;
}

export interface AnswerChange {
  /** `suite › case [model]`, or a recording's path. */
  title: string;
  /** `passed → failed`; absent when neither side has a verdict (two recordings). */
  verdict?: string;
  /** Token and cost delta, `input tokens 12 → 15 (+3) · …`; empty when unknown. */
  figures: string;
  diff: string[];
}

/** One answer as lines to diff: the text, then each tool call with its input, per step for a tool loop. */
export function answerLines(output: SampleOutput): string[] {
  const one = (text: string, calls: SampleOutput['toolCalls'], stop: string | null) => [
    ...(text ? text.split('\n') : []),
    // Keys in one order: a recording stores its input sorted (writeCassette), the API sends its own order.
    ...calls.map((c) => `→ ${c.name} ${canonicalJson(c.input ?? {})}`),
    `(stop: ${stop ?? 'none'})`,
  ];
  if (!output.steps) return one(output.text, output.toolCalls, output.stopReason);
  return output.steps.flatMap((s, i) => [`[step ${i + 1}]`, ...one(s.text, s.toolCalls, s.stopReason)]);
}

/** The change from `before` to `after`, or undefined when the answers read the same. */
export function answerChange(title: string, before: AnswerSide, after: AnswerSide): AnswerChange | undefined {
  const [was, now] = [answerLines(before.output), answerLines(after.output)];
  if (was.join('\n') === now.join('\n')) return undefined;
  const verdict =
    before.status || after.status ? { verdict: `${before.status ?? 'not judged (a check asks a grader)'} → ${after.status ?? 'not judged'}` } : {};
  return { title, ...verdict, figures: figures(before, after), diff: lineDiff(was, now) };
}

function figures(before: AnswerSide, after: AnswerSide): string {
  const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
  const parts: string[] = [];
  if (before.usage && after.usage) {
    for (const [name, key] of [
      ['input tokens', 'input_tokens'],
      ['output tokens', 'output_tokens'],
    ] as const) {
      const [a, b] = [before.usage[key], after.usage[key]];
      parts.push(`${name} ${a} → ${b} (${signed(b - a)})`);
    }
  }
  if (before.costUsd !== undefined && after.costUsd !== undefined) parts.push(`cost ${formatUsd(before.costUsd)} → ${formatUsd(after.costUsd)}`);
  return parts.join(' · ');
}

/** A sample's own answer side: its case calls' usage summed and priced (graders are not the answer). */
export function sampleSide(sample: SampleResult): AnswerSide | undefined {
  if (!sample.output) return undefined;
  const calls = sample.calls.filter((c) => c.role === 'case');
  return { output: sample.output, ...callFigures(calls), status: sample.status };
}

/** Usage and cost of some calls; cost unknown if any call is unpriced (never guessed as $0). */
function callFigures(calls: Pick<CallRecord, 'model' | 'usage' | 'batch'>[]): { usage?: Usage; costUsd?: number } {
  if (calls.length === 0) return {};
  const usage = { ...calls[0]!.usage, input_tokens: 0, output_tokens: 0 };
  for (const c of calls) {
    usage.input_tokens += c.usage.input_tokens;
    usage.output_tokens += c.usage.output_tokens;
  }
  const costs = calls.map((c) => callCost(c.model, c.usage, { batch: c.batch })?.total);
  return { usage, ...(costs.some((c) => c === undefined) ? {} : { costUsd: costs.reduce((sum: number, c) => sum + c!, 0) }) };
}

/** Every recording a run overwrote with a different answer, in run order. */
export function overwrittenAnswers(result: RunResult): AnswerChange[] {
  const out: AnswerChange[] = [];
  for (const suite of result.suites) {
    for (const c of suite.cases) {
      for (const sample of c.samples) {
        const now = sampleSide(sample);
        if (!sample.previous || !now) continue;
        const title = `${suite.name} › ${caseLabel(c)}${c.samples.length > 1 ? ` [sample ${sample.repeat}]` : ''}`;
        const change = answerChange(title, sample.previous, now);
        if (change) out.push(change);
      }
    }
  }
  return out;
}

/** At most this many diffs in one markdown body: a PR comment must stay under GitHub's 65,536 characters. */
export const MAX_ANSWER_CHANGES = 20;

/** The changes as markdown under `heading`, the first MAX_ANSWER_CHANGES of them; nothing when there are none. */
export function answerChangesMarkdown(changes: AnswerChange[], heading: string, rest = 'see the results JSON'): string[] {
  if (changes.length === 0) return [];
  const out = [heading];
  for (const ch of changes.slice(0, MAX_ANSWER_CHANGES)) {
    out.push('', `**${mdText(ch.title)}**`, '');
    if (ch.verdict) out.push(`- verdict: ${mdText(ch.verdict)}`);
    if (ch.figures) out.push(`- ${mdText(ch.figures)}`);
    if (ch.verdict || ch.figures) out.push('');
    out.push(...fenced(ch.diff));
  }
  if (changes.length > MAX_ANSWER_CHANGES) out.push('', `…and ${changes.length - MAX_ANSWER_CHANGES} more changed answers (${rest}).`);
  return out;
}

/** The changes for a terminal: the same, the diff indented. */
export function answerChangesText(changes: AnswerChange[], heading: string): string[] {
  if (changes.length === 0) return [];
  const out = [`${heading}:`];
  for (const ch of changes) {
    out.push(`  ${ch.title}${ch.verdict ? `: ${ch.verdict}` : ''}`);
    if (ch.figures) out.push(`    ${ch.figures}`);
    out.push(...cut(ch.diff).map((l) => `    ${l}`));
  }
  return [...out, ''].map(outsideLine);
}

/** Past this many characters a diff line is cut: an answer of one long line (a JSON blob) is otherwise one line of any size. */
const MAX_DIFF_LINE = 500;

function cut(diff: string[]): string[] {
  const lines = diff.length > MAX_DIFF_LINES ? [...diff.slice(0, MAX_DIFF_LINES), `… ${diff.length - MAX_DIFF_LINES} more lines`] : diff;
  return lines.map((line) => (line.length > MAX_DIFF_LINE ? `${line.slice(0, MAX_DIFF_LINE)}… (${line.length - MAX_DIFF_LINE} more characters)` : line));
}

/**
 * A ```diff block with a fence longer than any backtick run inside: an answer cannot close it early
 * and write markup (a fake marker, a link, a mention) into the comment.
 */
function fenced(diff: string[]): string[] {
  const shown = cut(diff);
  const longest = Math.max(2, ...shown.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(longest + 1);
  // Inert in a log too: `report` prints the summary, and a diff line may begin with `::`.
  return [`${fence}diff`, ...shown.map(outsideLine), fence];
}
