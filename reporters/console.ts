/**
 * The console reporter: a live progress line on a TTY, one plain line per case in CI logs,
 * then a summary with every failure's reasons and every error's cause and fix.
 */
import { styleText } from 'node:util';
import { formatDuration } from '../src/format/duration.ts';
import { formatUsd } from '../src/format/usd.ts';
import { endOfLifeMessage } from '../src/models/lifecycle.ts';
import { caseLabel, NOT_PASSING, totals, type CaseResult, type RunResult, type Status } from '../src/run-result.ts';
import { countsLine } from '../src/format/totals.ts';
import type { RunEvent } from '../src/runner/events.ts';
import { modelTableText } from './model-table.ts';
import { apiVersionNote } from './api-version.ts';
import { cacheControlNotes } from './cache-notes.ts';
import { refusalText, trajectoryLine } from './reasons.ts';
import { percent } from '../src/format/percent.ts';
import { outsideLine, outsideLines } from '../src/format/outside-text.ts';

/** Before each continuation line of a multi-line reason or error: not whitespace only, so no outside line starts a log line. */
const CONTINUED = '  │ ';

export interface ConsoleOptions {
  out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean | undefined };
  /** Extra lines for the summary (the cost table). */
  summaryLines?: (result: RunResult) => string[];
  /** The run's environment: no live progress line under CI. Default: process.env. */
  env?: Record<string, string | undefined> | undefined;
}

const MARK = { passed: '✓', failed: '✗', errored: '!', broken: '?', skipped: '-' } as const;
const COLOR = { passed: 'green', failed: 'red', errored: 'yellow', broken: 'magenta', skipped: 'gray' } as const;

export class ConsoleReporter {
  private readonly out: ConsoleOptions['out'];
  private readonly tty: boolean;
  private readonly color: boolean;
  private readonly summaryLines: ConsoleOptions['summaryLines'];
  private lastDraw = 0;
  /**
   * CI log lines of finished cases, written together at the end of each event-loop turn or every
   * 256 lines: one pipe write per case is slow on a large replay, and a long one still shows progress.
   */
  private pending: string[] = [];
  private counts: Record<Status, number> = { passed: 0, failed: 0, errored: 0, broken: 0, skipped: 0 };

  constructor(options: ConsoleOptions) {
    this.out = options.out;
    const env = options.env ?? process.env;
    this.tty = Boolean(options.out.isTTY) && !env.CI;
    // Decided from the run's own stream and environment, not styleText's look at process.stdout.
    this.color = this.tty && !env.NO_COLOR && env.TERM !== 'dumb';
    this.summaryLines = options.summaryLines;
  }

  private paint(color: Parameters<typeof styleText>[0], text: string): string {
    return this.color ? styleText(color, text, { validateStream: false }) : text;
  }

  onEvent = (event: RunEvent): void => {
    if (event.type === 'plan') {
      const shards = event.plan.shardCounts ? ` (shard sizes: ${event.plan.shardCounts.join(', ')})` : '';
      this.flush();
      this.out.write(`promptgate: ${event.plan.cases.length} cases, ${event.progress.total} samples${shards}\n`);
    } else if (event.type === 'case') {
      this.counts[event.result.status]++;
      if (this.tty) this.draw(event.progress, true);
      else this.later(`${MARK[event.result.status]} ${outsideLine(`${event.suite}/${caseLabel(event.result)}`)}${caseNote(event.result)}\n`);
    } else if (event.type === 'sample' && this.tty) {
      this.draw(event.progress, false);
    } else if (event.type === 'stopping') {
      this.flush();
      this.clearLine();
      this.out.write(this.paint('yellow', `stopping: ${outsideLine(event.reason)}; nothing new is sent, and what finished is reported…\n`));
    }
  };

  private later(line: string): void {
    if (!this.pending.length) setImmediate(() => this.flush());
    if (this.pending.push(line) >= 256) this.flush();
  }

  private flush(): void {
    if (this.pending.length) this.out.write(this.pending.join(''));
    this.pending = [];
  }

  private draw(p: RunEvent['progress'], force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    this.out.write('\r\x1b[2K' + this.progressLine(p));
  }

  /** done/total, verdicts, requests in flight, the adaptive concurrency now, 429s taken, spend so far. */
  progressLine(p: RunEvent['progress']): string {
    const c = this.counts;
    const retries = p.retries ? ` · retries ${p.retries}` : '';
    return (
      `[${p.done}/${p.total}] ${this.paint('green', `✓ ${c.passed}`)} ${this.paint('red', `✗ ${c.failed}`)} ${this.paint('yellow', `! ${c.errored}`)}${c.broken ? ` ${this.paint('magenta', `? ${c.broken}`)}` : ''}` +
      ` · in flight ${p.inFlight} · concurrency ${Number.isFinite(p.concurrency) ? p.concurrency : 'unbounded'} · 429s ${p.rateLimited}${retries} · ${formatUsd(p.spentUsd)}`
    );
  }

  private clearLine(): void {
    if (this.tty) this.out.write('\r\x1b[2K');
  }

  summary(result: RunResult): void {
    this.flush();
    this.clearLine();
    const lines: string[] = [''];
    for (const suite of result.suites) {
      for (const c of suite.cases) {
        if (!NOT_PASSING.has(c.status)) continue;
        lines.push(
          this.paint(COLOR[c.status], `${MARK[c.status]} ${outsideLine(`${suite.name}/${caseLabel(c)}`)}`) +
            `  ${outsideLine(suite.file)}:${c.line}:${c.col}${caseNote(c)}`,
        );
        lines.push(...caseDetails(c).map((l) => `    ${l.replace(/\n/g, '\n    ')}`));
      }
    }
    // Table rows and notes name models, suites and cases from the suites or a results file.
    const extra = [...(this.summaryLines?.(result) ?? []), ...modelTableText(result)].map(outsideLine);
    if (extra.length && lines.length > 1) lines.push('');
    lines.push(...extra);
    if (result.stopped) lines.push(this.paint('yellow', `stopped early: ${outsideLine(result.stopped.message)}`));
    for (const m of result.deprecatedModels ?? []) lines.push(this.paint('yellow', `warning: ${outsideLine(endOfLifeMessage(m))}`));
    for (const note of cacheControlNotes(result)) lines.push(`note: ${outsideLine(note)}`);
    const api = apiVersionNote(result);
    if (api) lines.push(outsideLine(api));
    const t = totals(result);
    lines.push(`${countsLine(t)} (${t.cases} cases, ${result.mode}) in ${formatDuration(result.durationMs)}`);
    this.out.write(lines.join('\n') + '\n');
  }
}

function caseNote(c: CaseResult): string {
  const rate = c.repeat > 1 && c.passRate !== undefined ? ` (pass rate ${percent(c.passRate)}, min ${percent(c.minPassRate)}${c.flaky ? ', flaky' : ''})` : '';
  const reason = c.status === 'skipped' && c.reason ? ` (${outsideLine(c.reason)})` : '';
  return rate + reason;
}

/** What went wrong in a case, sample by sample when it was repeated. */
function caseDetails(c: CaseResult): string[] {
  const lines: string[] = [];
  for (const s of c.samples) {
    const prefix = c.repeat > 1 ? `#${s.repeat} ` : '';
    if (s.error) {
      lines.push(
        `${prefix}error ${outsideLine(s.error.type)}${s.error.status ? ` (HTTP ${s.error.status})` : ''}: ${outsideLines(s.error.message, CONTINUED)}${s.error.requestId ? ` [${outsideLine(s.error.requestId)}]` : ''}`,
      );
      if (s.error.diff) lines.push(...s.error.diff.split('\n').map((l) => `  ${outsideLine(l)}`));
      if (s.error.hint) lines.push(`  → ${outsideLine(s.error.hint)}`);
    }
    const failed = s.assertions.filter((a) => !a.pass);
    // The answer each failed check saw: a refusal would otherwise read as `got ""`.
    const refusal = refusalText(s.output);
    if (refusal && failed.length) lines.push(`${prefix}${outsideLine(refusal)}`);
    // A tool-loop case: the path the model took, so the step a reason names can be read in place.
    const trajectory = trajectoryLine(s.output);
    if (trajectory && failed.length) lines.push(`${prefix}trajectory: ${outsideLine(trajectory)}`);
    for (const a of failed)
      lines.push(`${prefix}${a.error ? 'check broken: ' : ''}${outsideLine(a.label ?? a.name)} (line ${a.line}): ${outsideLines(a.reason, CONTINUED)}`);
  }
  return lines;
}
