/**
 * The cost report: per model, per suite and per case, at list prices from the one price table.
 * In replay mode the usage is the recorded one, so the report says what the run would cost live.
 */
import { noPriceKnown } from '../src/pricing/no-price.ts';
import { priceFor, pricesUsed, type PricesUsed } from '../src/pricing/price-table.ts';
import { caseLabel, type CallRecord, type RunResult } from '../src/run-result.ts';
import { TallyBuilder, type Tally } from './cost-tally.ts';
import { mdCode, mdText as md } from './markdown-text.ts';
import { formatCount } from '../src/format/count.ts';
import { formatUsd } from '../src/format/usd.ts';

const COST_REPORT_VERSION = 1;

export interface CostReport {
  kind: 'promptgate-cost-report';
  version: typeof COST_REPORT_VERSION;
  /** `stopped`: the run stopped early (interrupted, budget), so these are the figures of what finished. */
  run: { startedAt: string; mode: RunResult['mode']; stopped?: NonNullable<RunResult['stopped']> };
  basis: string;
  /** The day priced at (the run's start), when the table was checked, where from, and the user's price file. */
  prices: PricesUsed & { unit: 'USD' };
  /** Every call; `cases` + `graders` split it by role. */
  total: Tally;
  cases: Tally;
  graders: Tally;
  byModel: ({ model: string; role: CallRecord['role'] } & Tally)[];
  bySuite: ({ file: string; name: string; graders: Tally } & Tally)[];
  /** `model` on a (case, model) pair of a run of several models. */
  byCase: ({ file: string; suite: string; id: string; model?: string; graders: Tally } & Tally)[];
  /** Of `total.calls`, how many were replayed from recordings a simulator made (estimated token counts). */
  simulatorCalls: number;
  /** Of `total.calls`, how many were sent with no answer back, counted at their worst case (`outcome: unknown`). */
  worstCaseCalls: number;
  /** In a run that pays, the calls answered from recordings (--changed, record's unchanged cases): not sent, so in no figure. */
  replayedCalls: number;
  /** Of the output tokens, those spent thinking, where the API said (output_tokens_details). */
  thinkingTokens: number;
}

/** Every call of a run, in order: loops, not a generator, since a report walks every call of a large run. */
function callsOf(result: RunResult): CallRecord[] {
  const all: CallRecord[] = [];
  for (const suite of result.suites) for (const c of suite.cases) for (const s of c.samples) for (const call of s.calls) all.push(call);
  return all;
}

function basis(mode: RunResult['mode']): string {
  return mode === 'replay' ? 'replay: recorded usage at list prices, so this is what the run would cost live' : 'usage reported by the API, at list prices';
}

/**
 * Whether a call is in the figures. A replay prices every call, as what the run would cost live; in
 * a run that pays, a call answered from a recording was never sent and cost nothing.
 */
function inFigures(call: CallRecord, mode: RunResult['mode']): boolean {
  return mode === 'replay' || call.replayed !== true;
}

/** A tally of several builders' calls, each call still added once (TallyBuilder.merge). */
function merged(at: string, builders: Iterable<TallyBuilder>): TallyBuilder {
  const sum = new TallyBuilder(at);
  for (const b of builders) sum.merge(b);
  return sum;
}

/**
 * The report's head: every call once, their total and a row per model; what the console's table shows.
 * Each call is added to its model's row only; the total and the split by role are sums of the rows.
 */
function headOf(result: RunResult) {
  const at = result.startedAt;
  const all = callsOf(result);
  // One row per model however it was called: an alias and its dated id price as one family.
  const rows = new Map<string, TallyBuilder>();
  // The row of a (role, model as called) pair, found once: the price lookup and the key are per model, not per call.
  const rowOf = new Map<string, Map<string, TallyBuilder>>();
  let simulatorCalls = 0;
  let worstCaseCalls = 0;
  let replayedCalls = 0;
  let thinkingTokens = 0;
  for (const call of all) {
    if (!inFigures(call, result.mode)) {
      replayedCalls++;
      continue;
    }
    let byModel = rowOf.get(call.role);
    if (!byModel) rowOf.set(call.role, (byModel = new Map()));
    let row = byModel.get(call.model);
    if (!row) {
      const key = `${priceFor(call.model, at)?.model ?? call.model}\u0000${call.role}`;
      if (!rows.has(key)) rows.set(key, new TallyBuilder(at));
      byModel.set(call.model, (row = rows.get(key)!));
    }
    row.add(call);
    if (call.source === 'simulator') simulatorCalls++;
    if (call.outcome === 'unknown') worstCaseCalls++;
    thinkingTokens += call.usage.thinking_tokens ?? 0;
  }
  const sorted = [...rows]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, builder]) => {
      const [model, role] = key.split('\u0000') as [string, CallRecord['role']];
      return { model, role, builder };
    });
  const ofRole = (role: CallRecord['role']) =>
    merged(
      at,
      sorted.flatMap((r) => (r.role === role ? [r.builder] : [])),
    );
  return {
    run: { startedAt: at, mode: result.mode, ...(result.stopped ? { stopped: result.stopped } : {}) },
    simulatorCalls,
    worstCaseCalls,
    replayedCalls,
    thinkingTokens,
    prices: { ...pricesUsed(at), unit: 'USD' as const },
    total: merged(
      at,
      sorted.map((r) => r.builder),
    ).build(),
    ofRole,
    byModel: sorted.map(({ model, role, builder }) => ({ model, role, ...builder.build() })),
  };
}

export function costReport(result: RunResult): CostReport {
  const at = result.startedAt;
  const { run, simulatorCalls, worstCaseCalls, replayedCalls, thinkingTokens, prices, total, ofRole, byModel } = headOf(result);
  // Each call is added once more, to its case's tally of its role; suites sum their cases.
  const bySuite: CostReport['bySuite'] = [];
  const byCase: CostReport['byCase'] = [];
  for (const s of result.suites) {
    const suite = { all: new TallyBuilder(at), graders: new TallyBuilder(at) };
    for (const c of s.cases) {
      const own = { case: new TallyBuilder(at), grader: new TallyBuilder(at) };
      for (const sample of c.samples)
        for (const call of sample.calls) if (inFigures(call, result.mode)) (call.role === 'grader' ? own.grader : own.case).add(call);
      const all = merged(at, [own.case, own.grader]);
      suite.all.merge(all);
      suite.graders.merge(own.grader);
      byCase.push({
        file: s.file,
        suite: s.name,
        id: c.id,
        ...(c.model !== undefined ? { model: c.model } : {}),
        ...all.build(),
        graders: own.grader.build(),
      });
    }
    bySuite.push({ file: s.file, name: s.name, ...suite.all.build(), graders: suite.graders.build() });
  }
  return {
    kind: 'promptgate-cost-report',
    version: COST_REPORT_VERSION,
    run,
    basis: basis(result.mode),
    simulatorCalls,
    worstCaseCalls,
    replayedCalls,
    thinkingTokens,
    prices,
    total,
    cases: ofRole('case').build(),
    graders: ofRole('grader').build(),
    byModel,
    bySuite,
    byCase,
  };
}

/**
 * Where the token counts came from. A simulator-made recording (the project's own examples) counts
 * characters / 4 with no tool-use overhead, so its dollars are not what the API would charge.
 */
export function usageSource(report: Pick<CostReport, 'run' | 'simulatorCalls' | 'worstCaseCalls' | 'total'>): string {
  const { simulatorCalls: sim, worstCaseCalls: worst, total } = report;
  if (sim > 0 && sim === total.calls) return 'from recordings a simulator made, not the API: estimated token counts (characters / 4, no tool-use overhead)';
  if (sim > 0) return `${sim} of ${total.calls} calls from recordings a simulator made (estimated token counts), the rest from the API's`;
  if (report.run.mode === 'replay') return "from recordings of the API's answers";
  // A call cut with no answer has no usage to report: the most the API may bill for it stands in.
  if (worst > 0)
    return `as the API reported it, but for ${worst} of ${total.calls} calls sent with no answer back, counted at their worst case (the input and max_tokens out)`;
  return 'as the API reported it';
}

export function costJson(result: RunResult): string {
  return JSON.stringify(costReport(result), null, 2) + '\n';
}

/** A tally's total as text: "no price known", or a lower bound when some calls have no price. */
export function totalText(t: Tally): string {
  if (t.usd === null) return 'no price known';
  const total = formatUsd(t.usd.total);
  return t.unpriced.calls > 0 ? `${total} + no price known for ${t.unpriced.calls} call${t.unpriced.calls === 1 ? '' : 's'}` : total;
}

function cell(tokens: number, usd: number | undefined): string {
  return usd === undefined ? formatCount(tokens) : `${formatCount(tokens)} · ${formatUsd(usd)}`;
}

function componentCells(t: Tally): string[] {
  const u = t.usd ?? undefined;
  return [
    cell(t.tokens.input, u?.input),
    cell(t.tokens.output, u?.output),
    cell(t.tokens.cacheWrite5m, u?.cacheWrite5m),
    cell(t.tokens.cacheWrite1h, u?.cacheWrite1h),
    cell(t.tokens.cacheRead, u?.cacheRead),
  ];
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const COMPONENT_HEADS = ['Input', 'Output', 'Cache write 5m', 'Cache write 1h', 'Cache read'];

function hasBatch(t: Tally): boolean {
  return (t.usd?.batchDiscount ?? 0) > 0;
}

function hasServerTools(t: Tally): boolean {
  return t.serverToolUses.web_search_requests + t.serverToolUses.web_fetch_requests > 0;
}

/** "3 searches · $0.03" (fetches too, when there were any): the server tools' column. */
function serverToolCell(t: Tally): string {
  const { web_search_requests: searches, web_fetch_requests: fetches } = t.serverToolUses;
  const uses = [
    `${formatCount(searches)} search${searches === 1 ? '' : 'es'}`,
    ...(fetches ? [`${formatCount(fetches)} fetch${fetches === 1 ? '' : 'es'}`] : []),
  ].join(', ');
  return t.usd ? `${uses} · ${formatUsd(t.usd.serverTools)}` : uses;
}

/** The per-model table, shared by the cost report and the markdown summary. */
export function modelTableMarkdown(report: CostReport): string[] {
  const batch = hasBatch(report.total);
  const tools = hasServerTools(report.total);
  const head = ['Model', 'Role', 'Calls', ...COMPONENT_HEADS, ...(tools ? ['Server tools'] : []), ...(batch ? ['Batch discount'] : []), 'Total'];
  const lines = [row(head), row(head.map((_, i) => (i < 2 ? '---' : '---:')))];
  for (const m of report.byModel) {
    const discount = batch ? [m.usd ? formatUsd(-m.usd.batchDiscount) : ''] : [];
    lines.push(
      row([mdCode(m.model, true), m.role, String(m.calls), ...componentCells(m), ...(tools ? [serverToolCell(m)] : []), ...discount, `**${totalText(m)}**`]),
    );
  }
  const t = report.total;
  const discount = batch ? [t.usd ? formatUsd(-t.usd.batchDiscount) : ''] : [];
  lines.push(row(['**Total**', '', String(t.calls), ...componentCells(t), ...(tools ? [serverToolCell(t)] : []), ...discount, `**${totalText(t)}**`]));
  return lines;
}

/** Sentences under a cost table: what the numbers are and what they leave out. */
export function costNotes(report: CostReport): string[] {
  const notes = [`Graders: ${totalText(report.graders)} of the total (${report.graders.calls} call${report.graders.calls === 1 ? '' : 's'}).`];
  if (report.run.mode === 'replay') notes.push('Replay mode: this is what the run would cost live, from the recorded usage.');
  if (hasBatch(report.total)) notes.push('Batch calls are charged 50% of list price; the discount is shown separately.');
  if (hasServerTools(report.total)) notes.push('Server tools: web search is charged per 1,000 searches on top of its tokens (see docs/pricing.md).');
  if ((report.total.usd?.geoSurcharge ?? 0) > 0)
    notes.push(`Inference in a chosen geography (\`inference_geo\`) costs more: ${formatUsd(report.total.usd!.geoSurcharge)} of the total.`);
  if (report.thinkingTokens > 0) notes.push(`Thinking: ${formatCount(report.thinkingTokens)} of the ${formatCount(report.total.tokens.output)} output tokens.`);
  const missing = report.total.unpriced;
  if (missing.calls > 0) {
    notes.push(
      `No price known for ${missing.models.map((m) => mdCode(m)).join(', ')} (${missing.calls} call${missing.calls === 1 ? '' : 's'}): left out of the dollar totals, not counted as $0. To price ${missing.models.length === 1 ? 'it' : 'them'}, pass \`--prices FILE\` (see docs/pricing.md).`,
    );
  }
  notes.push(
    `List prices of ${report.prices.at} (the run's date), checked ${report.prices.checked}, from ${report.prices.source}${report.prices.file ? ` and ${mdCode(report.prices.file)}` : ''}.`,
  );
  return notes;
}

export function costMarkdown(result: RunResult): string {
  const report = costReport(result);
  const out = [
    '# promptgate cost report',
    '',
    `Run of ${report.run.startedAt} (${report.run.mode}): **${totalText(report.total)}** at list prices.`,
    '',
    ...(report.run.stopped ? [`> **Stopped early:** ${md(report.run.stopped.message)}. These are the figures of what finished.`, ''] : []),
    ...costNotes(report).map((n) => `- ${n}`),
    `- Usage: ${usageSource(report)}.`,
    '',
    '## By model',
    '',
    ...modelTableMarkdown(report),
    '',
    '## By suite',
    '',
  ];
  const batch = hasBatch(report.total);
  const suiteHead = ['Suite', 'File', 'Calls', ...COMPONENT_HEADS, ...(batch ? ['Batch discount'] : []), 'Graders', 'Total'];
  out.push(row(suiteHead), row(suiteHead.map((_, i) => (i < 2 ? '---' : '---:'))));
  for (const s of report.bySuite) {
    const discount = batch ? [s.usd ? formatUsd(-s.usd.batchDiscount) : ''] : [];
    out.push(row([md(s.name), mdCode(s.file, true), String(s.calls), ...componentCells(s), ...discount, totalText(s.graders), `**${totalText(s)}**`]));
  }
  out.push('', '## By case', '');
  const caseHead = ['Suite', 'Case', 'Calls', 'Input tokens', 'Output tokens', 'Cache tokens (5m / 1h / read)', 'Graders', 'Total'];
  out.push(row(caseHead), row(caseHead.map((_, i) => (i < 2 ? '---' : '---:'))));
  for (const c of report.byCase) {
    const cache = [c.tokens.cacheWrite5m, c.tokens.cacheWrite1h, c.tokens.cacheRead].map(formatCount).join(' / ');
    out.push(
      row([
        md(c.suite),
        mdCode(caseLabel(c), true),
        String(c.calls),
        formatCount(c.tokens.input),
        formatCount(c.tokens.output),
        cache,
        totalText(c.graders),
        `**${totalText(c)}**`,
      ]),
    );
  }
  return out.join('\n') + '\n';
}

/** A compact table for the end of the console summary. */
export function costSummaryLines(result: RunResult): string[] {
  // The head alone: the per-suite and per-case tallies are the report file's, not the console's.
  const report = headOf(result);
  const replayed = `${report.replayedCalls} call${report.replayedCalls === 1 ? '' : 's'} answered from recordings`;
  // A paying run that sent nothing (every case recorded and unchanged) prints no table: a table reads as money spent.
  if (report.total.calls === 0)
    return [report.replayedCalls ? `Cost: nothing was sent to the API, so nothing was spent (${replayed}).` : 'Cost: no API calls.'];
  const head = ['model', 'calls', 'input', 'output', 'cache w', 'cache r', 'cost'];
  const row = (label: string, m: Tally) => [
    label,
    String(m.calls),
    formatCount(m.tokens.input),
    formatCount(m.tokens.output),
    formatCount(m.tokens.cacheWrite5m + m.tokens.cacheWrite1h),
    formatCount(m.tokens.cacheRead),
    totalText(m),
  ];
  const t = report.total;
  const rows = report.byModel.map((m) => row(m.role === 'grader' ? `${m.model} (grader)` : m.model, m));
  rows.push(row('total', t));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const title = report.run.mode === 'replay' ? 'Cost if run live (list prices, recorded usage):' : 'Cost (list prices):';
  const notes: string[] = [];
  if (hasBatch(t)) notes.push(`  batch discount ${formatUsd(-t.usd!.batchDiscount)} included`);
  if (hasServerTools(t)) notes.push(`  server tools: ${serverToolCell(t)} included`);
  if ((t.usd?.geoSurcharge ?? 0) > 0) notes.push(`  inference_geo surcharge ${formatUsd(t.usd!.geoSurcharge)} included`);
  if (t.unpriced.calls > 0) notes.push(`  ${noPriceKnown(t.unpriced.models)}; not counted as $0`);
  if (report.thinkingTokens > 0) notes.push(`  thinking: ${formatCount(report.thinkingTokens)} of the ${formatCount(t.tokens.output)} output tokens`);
  if (report.replayedCalls > 0) notes.push(`  ${replayed}, not sent: in no figure above`);
  notes.push(`  usage: ${usageSource(report)}`);
  notes.push(`  prices of ${report.prices.at}, checked ${report.prices.checked}${report.prices.file ? `, with ${report.prices.file}` : ''}`);
  return [title, line(head), ...rows.map(line), ...notes];
}
