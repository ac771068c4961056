/** Why a case failed, errored or broke, in words every reporter shares (JUnit, markdown, annotations, HTML). */
import type { AssertionResult, CaseResult, RunError, SampleOutput } from '../src/run-result.ts';
import { percent } from '../src/format/percent.ts';

export function where(file: string, line: number, col: number): string {
  return `${file}:${line}:${col}`;
}

/** A failed assertion, with the samples (1-based repeats) it failed in when the case repeats. */
export interface Finding {
  assertion: AssertionResult;
  samples: number[];
  /** How the refusal reads, when the model refused in those samples (refusalText). */
  refusal?: string;
}

/**
 * How every report names a refusal: `refused (cyber): <explanation>`, with as much of the API's
 * stop_details as it gave. Without it a refused answer shows as its empty text, `got ""`. Raw text:
 * each reporter makes it inert its own way, like any other text from the API.
 */
export function refusalText(output: Pick<SampleOutput, 'stopReason' | 'stopDetails'> | undefined): string | undefined {
  if (output?.stopReason !== 'refusal') return undefined;
  const details = output.stopDetails;
  const category = details?.category ? ` (${details.category})` : '';
  return `refused${category}${details?.explanation ? `: ${details.explanation}` : ''}`;
}

/** A failed assertion's actual value as reports show it: the refusal where the answer it saw was empty, and beside it otherwise. */
export function shownActual(a: AssertionResult, refusal: string | undefined): string | undefined {
  if (refusal === undefined) return a.actual;
  return a.actual === undefined || a.actual === '' || a.actual === '""' ? refusal : `${a.actual}; ${refusal}`;
}

export function assertionTitle(a: AssertionResult): string {
  const name = a.negated ? `not ${a.name}` : a.name;
  return a.label ? `${name} "${a.label}"` : name;
}

/** Failed assertions across samples, identical ones folded so five repeats don't say it five times. */
export function findings(c: CaseResult): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const s of c.samples) {
    const refusal = refusalText(s.output);
    for (const a of s.assertions) {
      if (a.pass) continue;
      const key = JSON.stringify([a.name, a.label, a.negated, a.line, a.col, a.reason, a.expected, a.actual, refusal]);
      const found = byKey.get(key);
      if (found) found.samples.push(s.repeat);
      else byKey.set(key, { assertion: a, samples: [s.repeat], ...(refusal === undefined ? {} : { refusal }) });
    }
  }
  return [...byKey.values()];
}

function judgedCount(c: CaseResult): { passed: number; judged: number } {
  const judged = c.samples.filter((s) => s.status === 'passed' || s.status === 'failed');
  return { passed: judged.filter((s) => s.status === 'passed').length, judged: judged.length };
}

/** "pass rate 60% (3/5), below min_pass_rate 80%", for cases that repeat. */
export function passRateLine(c: CaseResult): string | undefined {
  if (c.repeat <= 1 || c.passRate === undefined) return undefined;
  const { passed, judged } = judgedCount(c);
  const base = `pass rate ${percent(c.passRate)} (${passed}/${judged})`;
  return c.passRate < c.minPassRate ? `${base}, below min_pass_rate ${percent(c.minPassRate)}` : base;
}

export function errors(c: CaseResult): { repeat: number; error: RunError }[] {
  return c.samples.flatMap((s) => (s.error ? [{ repeat: s.repeat, error: s.error }] : []));
}

/** One line: why this case did not pass. */
export function headline(c: CaseResult): string {
  if (c.status === 'skipped') return c.reason ?? 'skipped';
  if (c.status === 'errored') {
    const e = errors(c)[0]?.error;
    return e ? `${e.type}: ${e.message}` : (c.reason ?? 'no answer could be had');
  }
  // A broken case leads with the check that could not judge; a failed one with what failed.
  const f = c.status === 'broken' ? findings(c).sort((a, b) => Number(!!b.assertion.error) - Number(!!a.assertion.error)) : findings(c);
  const title = (a: AssertionResult) => `${a.error ? 'check broken: ' : ''}${assertionTitle(a)}`;
  const first = f[0] ? `${title(f[0].assertion)}: ${f[0].assertion.reason}${f[0].refusal ? `; ${f[0].refusal}` : ''}` : (c.reason ?? 'failed');
  const more = f.length > 1 ? ` (+${f.length - 1} more)` : '';
  const rate = passRateLine(c);
  return rate ? `${rate}; ${first}${more}` : `${first}${more}`;
}

export function samplesNote(c: CaseResult, samples: number[]): string {
  if (c.repeat <= 1 && c.samples.length <= 1) return '';
  return samples.length === 1 ? ` [sample ${samples[0]}]` : ` [samples ${samples.join(', ')}]`;
}

/**
 * A tool-loop answer's trajectory in one line, as JUnit, markdown and the console show it:
 * `lookup_order(order_id=A-17) → ok; refund(order_id=A-17, amount=20) → error; "Done."`.
 * Undefined for a one-request answer. Raw text: each reporter makes it inert its own way.
 */
export function trajectoryLine(output: Pick<SampleOutput, 'steps'> | undefined, maxValue = 40): string | undefined {
  if (!output?.steps?.length) return undefined;
  const cut = (s: string) => (s.length > maxValue ? `${s.slice(0, maxValue - 1)}…` : s);
  const parts = output.steps.flatMap((step, i) => {
    const calls = step.toolCalls.map((call) => {
      const input = call.input !== null && typeof call.input === 'object' && !Array.isArray(call.input) ? Object.entries(call.input) : undefined;
      const args = input
        ? input.map(([k, v]) => `${k}=${cut(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`).join(', ')
        : cut(JSON.stringify(call.input) ?? '');
      const result = step.toolResults?.find((r) => r.toolUseId === call.id);
      return `${call.name}(${args})${result ? (result.isError ? ' → error' : ' → ok') : ''}`;
    });
    // The reply is shown where the loop ended: the last step's text.
    const reply = i === output.steps!.length - 1 && step.text ? [JSON.stringify(cut(step.text))] : [];
    return [...calls, ...reply];
  });
  return parts.join('; ');
}

/** The trajectory of the first not-passing sample that has one: the one a report shows beside the failure. */
export function failedTrajectory(c: CaseResult): { repeat: number; line: string } | undefined {
  for (const s of c.samples) {
    if (s.status === 'passed') continue;
    const line = trajectoryLine(s.output);
    if (line) return { repeat: s.repeat, line };
  }
  return undefined;
}
