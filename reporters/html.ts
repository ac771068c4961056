/**
 * The HTML report: one self-contained file (inline CSS, JS and SVG; nothing fetched) with a
 * pass/fail grid, filters, each case's outputs, assertion reasons, errors and calls, and the cost chart.
 * Everything is rendered here; the script only filters, so the page reads the same without it.
 *
 * Every value from the run goes through the `html` tag, which escapes it, and the page's CSP runs no
 * script but its own (by hash), so even markup that slipped through could not run.
 */
import { createHash } from 'node:crypto';
import { callCost } from '../src/pricing/cost.ts';
import { countsLine } from '../src/format/totals.ts';
import {
  caseLabel,
  NOT_PASSING,
  passRateOf,
  totals,
  type CaseResult,
  type RunResult,
  type SampleResult,
  type SuiteResult,
  type TrajectoryStep,
} from '../src/run-result.ts';
import { costReport, totalText, usageSource } from './cost.ts';
import { tally } from './cost-tally.ts';
import { costChart } from './html-chart.ts';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.ts';
import { formatCount } from '../src/format/count.ts';
import { formatDuration as ms } from '../src/format/duration.ts';
import { formatUsd } from '../src/format/usd.ts';
import { assertionTitle, errors, headline, passRateLine, refusalText, shownActual, where } from './reasons.ts';
import { percent } from '../src/format/percent.ts';
import { html, ownMarkup, type Markup } from './html-text.ts';
import { runRequestsNote, sampleRequestsNote } from './attempts.ts';
import { caseTime } from './timing.ts';
import { truncate } from './xml.ts';
import { MODEL_TABLE_HEAD, modelTableRows } from './model-table.ts';
import { modelStats } from '../src/saved-results/model-stats.ts';
import { apiVersionNote } from './api-version.ts';

const MAX_OUTPUT = 20_000;
const FULL = 'the results JSON';

const STATUS_LABEL = { passed: 'Passed', failed: 'Failed', errored: 'Errored', broken: 'Check broken', skipped: 'Skipped' } as const;

function pill(status: CaseResult['status']): Markup {
  return html`<span class="pill s-${status}">${STATUS_LABEL[status]}</span>`;
}

/** A tool-loop case's steps in order: each call with its input and the result sent back, and the step's reply. */
function trajectoryHtml(steps: TrajectoryStep[]): Markup {
  const items = steps.map((step, i) => {
    const calls = step.toolCalls.map((t) => {
      const result = step.toolResults?.find((r) => r.toolUseId === t.id);
      const answer =
        result &&
        html`<div class="muted">${result.isError ? 'error result' : 'result'}</div><pre class="output">${truncate(result.content, MAX_OUTPUT, FULL)}</pre>`;
      return html`<div>Tool call <code>${t.name}</code><pre class="output">${truncate(JSON.stringify(t.input, null, 2) ?? '', MAX_OUTPUT, FULL)}</pre>${answer}</div>`;
    });
    const reply = step.text && html`<div class="muted">reply</div><pre class="output">${truncate(step.text, MAX_OUTPUT, FULL)}</pre>`;
    return html`<li><strong>Step ${i + 1}</strong> <span class="muted">stop reason: ${String(step.stopReason)}</span>${calls}${reply}</li>`;
  });
  return html`<div class="block trajectory"><div class="block-title">Trajectory <span class="muted">${steps.length} steps</span></div><ol>${items}</ol></div>`;
}

function sampleHtml(suite: SuiteResult, c: CaseResult, s: SampleResult, at: string): Markup {
  const out: Markup[] = [];
  if (c.samples.length > 1) out.push(html`<div class="sample-head">Sample ${s.repeat} ${pill(s.status)} <span class="muted">${ms(s.durationMs)}</span></div>`);
  const refusal = refusalText(s.output);
  if (s.output) {
    const text = s.output.text
      ? html`<pre class="output">${truncate(s.output.text, MAX_OUTPUT, FULL)}</pre>`
      : !refusal && html`<p class="muted">No text in the answer.</p>`;
    const refused = refusal && html`<p class="refusal">${truncate(refusal, MAX_OUTPUT, FULL)}</p>`;
    out.push(
      html`<div class="block"><div class="block-title">Output <span class="muted">stop reason: ${String(s.output.stopReason)}</span></div>${refused}${text}</div>`,
    );
    for (const t of s.output.toolCalls) {
      out.push(
        html`<div class="block"><div class="block-title">Tool call <code>${t.name}</code></div><pre class="output">${truncate(JSON.stringify(t.input, null, 2) ?? '', MAX_OUTPUT, FULL)}</pre></div>`,
      );
    }
  }
  if (s.output?.steps) out.push(trajectoryHtml(s.output.steps));
  if (s.error) {
    const e = s.error;
    const status = e.status !== undefined && html` <span class="muted">HTTP ${e.status}</span>`;
    const hint = e.hint && html`<div class="hint">Fix: <code>${e.hint}</code></div>`;
    const diff = e.diff && html`<pre class="diff">${truncate(e.diff, MAX_OUTPUT, FULL)}</pre>`;
    const request = e.requestId && html`<div class="muted">request ${e.requestId}</div>`;
    out.push(html`<div class="error-box"><strong>${e.type}</strong>${status}: ${e.message}${hint}${diff}${request}</div>`);
  }
  if (s.assertions.length) {
    const rows = s.assertions.map((a) => {
      const actual = a.pass ? a.actual : shownActual(a, refusal);
      const detail = html`${a.expected !== undefined && html`<div class="ea"><span>expected</span><code>${truncate(a.expected, 2000, FULL)}</code></div>`}${
        actual !== undefined && html`<div class="ea"><span>actual</span><code>${truncate(actual, 2000, FULL)}</code></div>`
      }`;
      const mark = a.pass ? html`<span class="ok">✓</span>` : html`<span class="bad">✗</span>`;
      return html`<tr class="${a.pass ? 'a-pass' : 'a-fail'}"><td>${mark}</td><td><code>${assertionTitle(a)}</code></td><td>${a.reason}${detail}</td><td class="muted nowrap">${where(suite.file, a.line, a.col)}</td></tr>`;
    });
    out.push(html`<table class="assertions"><thead><tr><th></th><th>Assertion</th><th>Reason</th><th>Where</th></tr></thead><tbody>${rows}</tbody></table>`);
  }
  if (s.calls.length) {
    const rows = s.calls.map((call) => {
      const cost = callCost(call.model, call.usage, { batch: call.batch, at });
      const u = call.usage;
      const cache =
        u.cache_creation_input_tokens + u.cache_read_input_tokens
          ? ` · cache ${formatCount(u.cache_creation_input_tokens)} w / ${formatCount(u.cache_read_input_tokens)} r`
          : '';
      return html`<tr><td>${call.role}${call.batch && ' · batch'}</td><td><code>${call.model}</code></td><td>${formatCount(u.input_tokens)} in · ${formatCount(u.output_tokens)} out${cache}</td><td>${ms(call.latencyMs)}</td><td class="num">${cost ? formatUsd(cost.total) : html`<span class="unknown">no price known</span>`}</td></tr>`;
    });
    out.push(
      html`<table class="calls"><thead><tr><th>Call</th><th>Model</th><th>Tokens</th><th>Latency</th><th class="num">Cost</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  const requests = sampleRequestsNote(s);
  if (requests) out.push(html`<p class="muted requests">${requests}</p>`);
  return html`<div class="sample">${out}</div>`;
}

function searchText(suite: SuiteResult, c: CaseResult): string {
  const parts = [suite.name, suite.file, caseLabel(c), c.name ?? '', c.tags.join(' '), c.status, c.status === 'passed' ? '' : headline(c)];
  for (const s of c.samples) parts.push((s.output?.text ?? '').slice(0, 2000), ...s.assertions.map((a) => `${a.name} ${a.reason}`));
  return parts.join(' ').toLowerCase();
}

function caseHtml(suite: SuiteResult, c: CaseResult, anchor: string, at: string): Markup {
  const calls = c.samples.flatMap((s) => s.calls);
  const meta = html`${c.tags.map((t) => html`<span class="tag">${t}</span>`)}${
    c.repeat > 1 && c.passRate !== undefined && html`<span class="rate">${percent(c.passRate)} of ${c.samples.length}</span>`
  }${c.flaky && html`<span class="tag flaky">flaky</span>`}${calls.length > 0 && html`<span class="muted">${totalText(tally(calls, at))}</span>`}<span class="muted">${ms(caseTime(c))}</span>`;
  const why = c.status !== 'passed' && html`<div class="why why-${c.status}">${headline(c)}</div>`;
  const rate = passRateLine(c);
  const body = html`${rate && c.status !== 'failed' && html`<p class="muted">${rate}</p>`}${c.status !== 'skipped' && c.samples.map((s) => sampleHtml(suite, c, s, at))}`;
  const open = NOT_PASSING.has(c.status) || errors(c).length > 0;
  return html`<details class="case s-${c.status}" id="${anchor}" data-status="${c.status}" data-text="${searchText(suite, c)}"${open && html` open`}><summary><span class="dot"></span><span class="case-id">${caseLabel(c)}</span>${
    c.name && html`<span class="case-name">${c.name}</span>`
  }<span class="case-meta">${meta}</span><span class="where">${where(suite.file, c.line, c.col)}</span></summary>${why}<div class="case-body">${body}</div></details>`;
}

/**
 * The page's CSP: nothing from the network, and no script but the page's own inline one, allowed
 * by its hash, so an injected `<script>` or `onerror=` would not run even if it got past escaping.
 * The hash is of the exact text in the script element, computed here so the two cannot drift.
 */
function contentSecurityPolicy(script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function htmlReport(result: RunResult): string {
  const t = totals(result);
  const report = costReport(result);
  const rate = passRateOf(t);
  const title = `promptgate · ${t.failed + t.errored + t.broken ? countsLine(t) : 'all passed'} · ${result.startedAt}`;
  const tiles = (
    [
      ['passed', t.passed, 'Passed'],
      ['failed', t.failed, 'Failed'],
      ['errored', t.errored, 'Errored'],
      ['broken', t.broken, 'Check broken'],
      ['skipped', t.skipped, 'Skipped'],
    ] as const
  ).map(([k, n, label]) => html`<div class="tile t-${k}"><div class="tile-n">${n}</div><div class="tile-l">${label}</div></div>`);
  const rateTile = html`<div class="tile"><div class="tile-n">${rate === undefined ? '–' : percent(rate)}</div><div class="tile-l">Pass rate</div></div>`;
  const costTile = html`<div class="tile"><div class="tile-n tile-cost">${report.total.usd ? formatUsd(report.total.usd.total) : 'no price known'}</div><div class="tile-l">${
    result.mode === 'replay' ? 'Cost if run live' : 'Cost'
  }${report.total.unpriced.calls > 0 && ` + ${report.total.unpriced.calls} unpriced`}</div></div>`;

  const grid = result.suites.map((s, si) => {
    const cells = s.cases.map(
      (c, ci) =>
        html`<a class="cell s-${c.status}" href="#case-${si}-${ci}" data-case="case-${si}-${ci}" title="${`${caseLabel(c)}: ${STATUS_LABEL[c.status]}${c.status === 'passed' ? '' : ` (${headline(c)})`}`}"></a>`,
    );
    const counts = totals({ suites: [s] });
    return html`<div class="grid-row"><div class="grid-name"><strong>${s.name}</strong><span class="muted">${s.file} · ${counts.passed}/${counts.cases} passed</span></div><div class="cells">${cells}</div></div>`;
  });

  const byModel = modelsPanel(result);

  const cases = result.suites.map(
    (s, si) =>
      html`<section class="suite" data-suite><h3>${s.name} <span class="muted">${s.file}</span></h3>${s.cases.map((c, ci) => caseHtml(s, c, `case-${si}-${ci}`, result.startedAt))}</section>`,
  );

  const filters = (['all', 'failed', 'errored', 'broken', 'skipped', 'passed'] as const).map(
    (k) =>
      html`<button type="button" data-filter="${k}" class="${k === 'all' ? 'active' : ''}">${k === 'all' ? 'All' : STATUS_LABEL[k]} <span>${k === 'all' ? t.cases : t[k]}</span></button>`,
  );

  const notes: string[] = [];
  if (result.mode === 'replay') notes.push('Replay run: what it would cost live, from the recorded usage.');
  notes.push(`Graders: ${totalText(report.graders)}.`);
  if (report.total.usd?.batchDiscount) notes.push(`Batch discount: ${formatUsd(-report.total.usd.batchDiscount)} (bars show list price).`);
  if (report.total.unpriced.calls) notes.push(`No price known for ${report.total.unpriced.models.join(', ')}: not counted as $0.`);
  if (report.thinkingTokens) notes.push(`Thinking: ${formatCount(report.thinkingTokens)} of the ${formatCount(report.total.tokens.output)} output tokens.`);
  if (report.simulatorCalls) notes.push(`Usage: ${usageSource(report)}.`);
  notes.push(`List prices of ${report.prices.at} (the run's date), checked ${report.prices.checked}.`);

  const stopped = result.stopped && html`<div class="banner">Stopped early: ${result.stopped.message}</div>`;
  const started = String(result.startedAt)
    .replace('T', ' ')
    .replace(/\.\d+Z$|Z$/, ' UTC');
  const shard = result.shard && ` · shard ${result.shard.index}/${result.shard.total}`;
  const requests = runRequestsNote(result);
  const api = apiVersionNote(result);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${ownMarkup(contentSecurityPolicy(HTML_SCRIPT))}">
<title>${title}</title>
<style>${ownMarkup(HTML_STYLE)}</style>
</head>
<body>
<header class="top"><div class="brand">promptgate</div><div><h1>Run of ${started}</h1><div class="meta">${result.mode} · ${ms(result.durationMs)} · ${result.suites.length} suite${result.suites.length === 1 ? '' : 's'} · promptgate ${result.tool.version}${shard}${requests && ` · ${requests}`}${api && ` · ${api}`}</div></div></header>
<main>
${stopped}
<section class="tiles">${tiles}${rateTile}${costTile}</section>
<div class="two">
<section class="panel"><h2>Cases by suite</h2>${grid.length ? grid : html`<p class="muted">No cases.</p>`}</section>
<section class="panel"><h2>Cost by model</h2>${report.byModel.length ? costChart(report) : html`<p class="muted">No API calls.</p>`}<p class="notes">${notes.join(' ')}</p></section>
</div>
${byModel}
<section class="panel">
<div class="toolbar"><div class="filters">${filters}</div><input id="q" type="search" placeholder="Filter by id, tag, text…" aria-label="Filter cases"><span id="shown" class="muted"></span></div>
${cases}
<p id="none" class="muted" hidden>No case matches the filters.</p>
</section>
</main>
<script>${ownMarkup(HTML_SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
}

/** When cases ran under several models: the per-model table and the case × model grid, each cell linking to its case. */
function modelsPanel(result: RunResult): Markup | undefined {
  const stats = modelStats(result);
  if (stats.length === 0) return undefined;
  const models = stats.map((m) => m.model);
  const head = html`<tr>${MODEL_TABLE_HEAD.map((h, i) => html`<th${i > 0 && html` class="num"`}>${h}</th>`)}</tr>`;
  const rows = modelTableRows(stats).map(
    (cells) => html`<tr>${cells.map((cell, i) => (i === 0 ? html`<td><code>${cell}</code></td>` : html`<td class="num">${cell}</td>`))}</tr>`,
  );
  const grid: Markup[] = [];
  result.suites.forEach((s, si) => {
    const byId = new Map<string, Map<string, { c: CaseResult; anchor: string }>>();
    s.cases.forEach((c, ci) => {
      if (c.model === undefined) return;
      if (!byId.has(c.id)) byId.set(c.id, new Map());
      byId.get(c.id)!.set(c.model, { c, anchor: `case-${si}-${ci}` });
    });
    for (const [id, cells] of byId) {
      const tds = models.map((m) => {
        const hit = cells.get(m);
        return hit ? html`<td><a class="pill s-${hit.c.status}" href="#${hit.anchor}">${STATUS_LABEL[hit.c.status]}</a></td>` : html`<td class="muted">–</td>`;
      });
      grid.push(html`<tr><td><code>${s.name}/${id}</code></td>${tds}</tr>`);
    }
  });
  return html`<section class="panel models"><h2>By model, over the cases run under several models</h2><table class="calls"><thead>${head}</thead><tbody>${rows}</tbody></table><h3>Cases × models</h3><table class="calls matrix"><thead><tr><th>Case</th>${models.map((m) => html`<th><code>${m}</code></th>`)}</tr></thead><tbody>${grid}</tbody></table></section>`;
}
