import { digestsComparable } from '../suite/digest.ts';
import { NOT_PASSING, caseLabel, type CaseResult, type Mode, type RunResult, type Status, type SuiteResult } from '../run-result.ts';
import { answerChange, sampleSide, type AnswerChange } from '../../reporters/answer-changes.ts';
import { percent } from '../format/percent.ts';
import { judgeDrop, type PassCounts } from './significance.ts';
import { caseStats, runStats, type Stats } from './stats.ts';

/** One case whose standing differs between the runs. */
export interface CaseChange {
  suite: string;
  id: string;
  /** Of a (case, model) pair of a matrix run. */
  model?: string;
  name?: string;
  file: string;
  line: number;
  base?: Status;
  current?: Status;
  /** Why it fails now (regressions) or failed before (fixes): the first broken assertion or the error. */
  reason?: string;
  /** A repeated case's pass counts in both runs, and the one-sided p-value of its drop (significance.ts). */
  samples?: { base: PassCounts; current: PassCounts; p: number };
  /** A tool-loop case's tool calls in both runs, when they differ (`lookup_order → refund`; samples that differ joined by ` | `). */
  trajectory?: { base: string; current: string };
}

export interface SuiteComparison {
  name: string;
  /** The suite's content differs (its digest): prompts or cases were edited between the runs. False when the digests cannot tell (one run sharded). */
  edited: boolean;
  base?: Stats;
  current?: Stats;
}

export interface Comparison {
  /** `stopped`: why that run stopped early (interrupted, budget), as it recorded it. */
  base: { mode: Mode; startedAt: string; stopped?: string };
  current: { mode: Mode; startedAt: string; stopped?: string };
  /** Passed in base, failed, errored or broken now: these fail the gate (each shows its status). */
  regressions: CaseChange[];
  /** Not passing in base, passed now. */
  fixed: CaseChange[];
  added: CaseChange[];
  removed: CaseChange[];
  /**
   * Cases of base the current run stopped before it reached (skipped as `not run`): neither a pass nor
   * a regression, and listed so a stopped run cannot read as one that changed nothing.
   */
  notRun: CaseChange[];
  /**
   * Repeated cases that passed in base and fail now, by a drop in pass rate too small for their
   * samples to tell from noise (significance.ts): not a regression; run more repeats.
   */
  inconclusive: CaseChange[];
  /**
   * Tool-loop cases whose standing did not change but whose tool calls did (`lookup_order → refund`
   * became `refund → lookup_order`): the case's change, shown even when both runs passed; not a regression.
   */
  trajectoryChanged: CaseChange[];
  /** Set when each run called one model and they differ (a migration): cases are paired by id. */
  models?: { base: string; current: string };
  suites: SuiteComparison[];
  totals: { base: Stats; current: Stats };
  /** Cases in both runs whose answer differs (their first answered samples): old against new, like a snapshot update. */
  answers: AnswerChange[];
}

/** Compares two saved runs case by case (suite name + case id); nothing is re-run. */
export function compareRuns(base: RunResult, current: RunResult): Comparison {
  const out: Comparison = {
    base: { mode: base.mode, startedAt: base.startedAt, ...(base.stopped && { stopped: base.stopped.message }) },
    current: { mode: current.mode, startedAt: current.startedAt, ...(current.stopped && { stopped: current.stopped.message }) },
    regressions: [],
    fixed: [],
    added: [],
    removed: [],
    notRun: [],
    inconclusive: [],
    trajectoryChanged: [],
    suites: [],
    answers: [],
    totals: { base: runStats(base), current: runStats(current) },
  };
  // Each run on one model: its cases pair by id, whatever the model (a migration compares A's answers with B's).
  const [baseModels, currentModels] = [modelsOf(base), modelsOf(current)];
  const single = baseModels.length === 1 && currentModels.length === 1;
  if (single && baseModels[0] !== currentModels[0]) out.models = { base: baseModels[0]!, current: currentModels[0]! };
  const keyOf = single ? (c: CaseResult) => c.id : caseLabel;
  const baseSuites = new Map(base.suites.map((s) => [s.name, s]));
  const currentSuites = new Map(current.suites.map((s) => [s.name, s]));

  // Current order first (what the reader is looking at), then suites that are gone.
  for (const now of current.suites) {
    const was = baseSuites.get(now.name);
    out.suites.push({
      name: now.name,
      // Said only where the two digests were taken alike: a sharded run's and an unsharded one's always differ.
      edited: !!was && digestsComparable(was.digest, now.digest) && was.digest !== now.digest,
      ...(was && { base: caseStats(was.cases, base.startedAt) }),
      current: caseStats(now.cases, current.startedAt),
    });
    // A matrix run's (case, model) pairs are compared pair by pair: caseLabel names each one.
    const before = new Map((was?.cases ?? []).map((c) => [keyOf(c), c]));
    for (const c of now.cases) {
      const old = before.get(keyOf(c));
      if (!old) {
        out.added.push(change(now, c, undefined, c));
        continue;
      }
      if (c.status === 'skipped' && c.samples.length === 0 && current.stopped && old.status !== 'skipped') {
        out.notRun.push(change(now, c, old, c));
        continue;
      }
      const answer = answerOf(now, c, old);
      if (answer) out.answers.push(answer);
      const trajectory = trajectoryChange(old, c);
      if (old.status === 'passed' && NOT_PASSING.has(c.status)) {
        const drop = repeatedDrop(old, c);
        const x = { ...change(now, c, old, c, whyNotPassing(c)), ...(drop && { samples: drop.samples }), ...(trajectory && { trajectory }) };
        (drop?.verdict === 'inconclusive' ? out.inconclusive : out.regressions).push(x);
      } else if (NOT_PASSING.has(old.status) && c.status === 'passed')
        out.fixed.push({ ...change(now, c, old, c, whyNotPassing(old)), ...(trajectory && { trajectory }) });
      else if (trajectory) out.trajectoryChanged.push({ ...change(now, c, old, c, NOT_PASSING.has(c.status) ? whyNotPassing(c) : undefined), trajectory });
    }
    const kept = new Set(now.cases.map(keyOf));
    for (const c of was?.cases ?? []) if (!kept.has(keyOf(c))) out.removed.push(change(was!, c, c, undefined));
  }
  for (const was of base.suites) {
    if (currentSuites.has(was.name)) continue;
    out.suites.push({ name: was.name, edited: false, base: caseStats(was.cases, base.startedAt) });
    for (const c of was.cases) out.removed.push(change(was, c, c, undefined));
  }
  return out;
}

/** The first answered sample of each run, diffed; a matrix pair is titled by its model. */
function answerOf(suite: SuiteResult, now: CaseResult, old: CaseResult): AnswerChange | undefined {
  const first = (c: CaseResult) => c.samples.map(sampleSide).find((x) => x !== undefined);
  const [was, is] = [first(old), first(now)];
  if (!was || !is) return undefined;
  return answerChange(`${suite.name} › ${caseLabel(now)}`, { ...was, status: old.status }, { ...is, status: now.status });
}

function change(suite: SuiteResult, c: CaseResult, base: CaseResult | undefined, current: CaseResult | undefined, reason?: string): CaseChange {
  return {
    suite: suite.name,
    id: c.id,
    ...(c.model !== undefined && { model: c.model }),
    ...(c.name !== undefined && { name: c.name }),
    file: suite.file,
    line: c.line,
    ...(base && { base: base.status }),
    ...(current && { current: current.status }),
    ...(reason !== undefined && { reason }),
  };
}

/** The models a run's cases called (their own calls, not graders'), sorted. */
function modelsOf(result: RunResult): string[] {
  const models = new Set<string>();
  for (const s of result.suites)
    for (const c of s.cases) for (const sample of c.samples) for (const call of sample.calls) if (call.role === 'case') models.add(call.model);
  return [...models].sort();
}

/**
 * A pass-rate failure of a case judged on several samples in both runs is weighed against noise;
 * anything else (an error, a broken check, a single sample) is decided by status alone.
 */
function repeatedDrop(
  base: CaseResult,
  current: CaseResult,
): { verdict: 'regression' | 'inconclusive'; samples: NonNullable<CaseChange['samples']> } | undefined {
  const counts = (c: CaseResult): PassCounts => ({
    passed: c.samples.filter((s) => s.status === 'passed').length,
    judged: c.samples.filter((s) => s.status === 'passed' || s.status === 'failed').length,
  });
  const [b, now] = [counts(base), counts(current)];
  if (current.status !== 'failed' || b.judged < 2 || now.judged < 2) return undefined;
  const { verdict, p } = judgeDrop(b, now);
  return { verdict, samples: { base: b, current: now, p } };
}

/**
 * The tool calls a case made, across every step of each sample's trajectory: `lookup_order → refund`,
 * distinct sequences of repeated samples sorted and joined by ` | `. Undefined without an answer.
 */
function toolSequence(c: CaseResult): string | undefined {
  const sequences = new Set<string>();
  for (const s of c.samples) {
    if (!s.output) continue;
    const names = (s.output.steps ?? [s.output]).flatMap((step) => step.toolCalls.map((t) => t.name));
    sequences.add(names.length ? names.join(' → ') : 'no tool calls');
  }
  return sequences.size ? [...sequences].sort().join(' | ') : undefined;
}

/** Both runs' tool calls when a tool-loop case's differ; one-request cases are left to their verdicts. */
function trajectoryChange(base: CaseResult, current: CaseResult): CaseChange['trajectory'] {
  const loop = (c: CaseResult) => c.samples.some((s) => s.output?.steps);
  if (!loop(base) && !loop(current)) return undefined;
  const [was, now] = [toolSequence(base), toolSequence(current)];
  return was !== undefined && now !== undefined && was !== now ? { base: was, current: now } : undefined;
}

function whyNotPassing(c: CaseResult): string | undefined {
  for (const sample of c.samples.filter((s) => NOT_PASSING.has(s.status))) {
    if (sample.error) return sample.error.message;
    const broken = sample.assertions.find((a) => !a.pass || a.error);
    if (broken) return `${broken.negated ? 'not ' : ''}${broken.label ?? broken.name}: ${broken.reason}`;
  }
  // A repeated case can fail on pass rate with every assertion passing in some samples.
  if (c.passRate !== undefined && c.passRate < c.minPassRate) return `pass rate ${percent(c.passRate)} < ${percent(c.minPassRate)}`;
  return c.reason;
}
