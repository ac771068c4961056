/**
 * The HTML report: one self-contained file (inline CSS, JS and SVG; nothing fetched) with a
 * pass/fail grid, filters, each case's outputs, assertion reasons, errors and calls, and the cost chart.
 * Everything is rendered here; the script only filters, so the page reads the same without it.
 */
import { callCost } from '../src/pricing/cost.ts';
import { totals, type CaseResult, type RunResult, type SampleResult, type SuiteResult } from '../src/run-result.ts';
import { costReport, totalText } from './cost.ts';
import { tally } from './cost-tally.ts';
import { costChart } from './html-chart.ts';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.ts';
import { formatCount } from '../src/format/count.ts';
import { formatDuration as ms } from '../src/format/duration.ts';
import { formatUsd } from '../src/format/usd.ts';
import { assertionTitle, errors, headline, passRateLine, percent, where } from './reasons.ts';
import { htmlText as h } from './html-text.ts';
import { truncate } from './xml.ts';

const MAX_OUTPUT = 20_000;
const FULL = 'the results JSON';

const STATUS_LABEL = { passed: 'Passed', failed: 'Failed', errored: 'Errored', skipped: 'Skipped' } as const;

function pill(status: CaseResult['status']): string {
  return `<span class="pill s-${status}">${STATUS_LABEL[status]}</span>`;
}

function sampleHtml(suite: SuiteResult, c: CaseResult, s: SampleResult): string {
  const out: string[] = [];
  if (c.samples.length > 1) out.push(`<div class="sample-head">Sample ${s.repeat} ${pill(s.status)} <span class="muted">${ms(s.durationMs)}</span></div>`);
  if (s.output) {
    const text = s.output.text ? `<pre class="output">${h(truncate(s.output.text, MAX_OUTPUT, FULL))}</pre>` : '<p class="muted">No text in the answer.</p>';
    out.push(`<div class="block"><div class="block-title">Output <span class="muted">stop reason: ${h(String(s.output.stopReason))}</span></div>${text}</div>`);
    for (const t of s.output.toolCalls) {
      out.push(`<div class="block"><div class="block-title">Tool call <code>${h(t.name)}</code></div><pre class="output">${h(truncate(JSON.stringify(t.input, null, 2) ?? '', MAX_OUTPUT, FULL))}</pre></div>`);
    }
  }
  if (s.error) {
    const e = s.error;
    out.push(
      `<div class="error-box"><strong>${h(e.type)}</strong>${e.status !== undefined ? ` <span class="muted">HTTP ${e.status}</span>` : ''}: ${h(e.message)}` +
        (e.hint ? `<div class="hint">Fix: <code>${h(e.hint)}</code></div>` : '') +
        (e.diff ? `<pre class="diff">${h(truncate(e.diff, MAX_OUTPUT, FULL))}</pre>` : '') +
        (e.requestId ? `<div class="muted">request ${h(e.requestId)}</div>` : '') +
        '</div>',
    );
  }
  if (s.assertions.length) {
    const rows = s.assertions.map((a) => {
      const detail =
        (a.expected !== undefined ? `<div class="ea"><span>expected</span><code>${h(truncate(a.expected, 2000, FULL))}</code></div>` : '') +
        (a.actual !== undefined ? `<div class="ea"><span>actual</span><code>${h(truncate(a.actual, 2000, FULL))}</code></div>` : '');
      const mark = a.pass ? '<span class="ok">✓</span>' : '<span class="bad">✗</span>';
      return `<tr class="${a.pass ? 'a-pass' : 'a-fail'}"><td>${mark}</td><td><code>${h(assertionTitle(a))}</code></td><td>${h(a.reason)}${detail}</td><td class="muted nowrap">${h(`${suite.file}:${a.line}:${a.col}`)}</td></tr>`;
    });
    out.push(`<table class="assertions"><thead><tr><th></th><th>Assertion</th><th>Reason</th><th>Where</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  if (s.calls.length) {
    const rows = s.calls.map((call) => {
      const cost = callCost(call.model, call.usage, { batch: call.batch });
      const u = call.usage;
      const cache = u.cache_creation_input_tokens + u.cache_read_input_tokens ? ` · cache ${formatCount(u.cache_creation_input_tokens)} w / ${formatCount(u.cache_read_input_tokens)} r` : '';
      return `<tr><td>${call.role}${call.batch ? ' · batch' : ''}</td><td><code>${h(call.model)}</code></td><td>${formatCount(u.input_tokens)} in · ${formatCount(u.output_tokens)} out${cache}</td><td>${ms(call.latencyMs)}</td><td class="num">${cost ? formatUsd(cost.total) : '<span class="unknown">no price known</span>'}</td></tr>`;
    });
    out.push(`<table class="calls"><thead><tr><th>Call</th><th>Model</th><th>Tokens</th><th>Latency</th><th class="num">Cost</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  return `<div class="sample">${out.join('')}</div>`;
}

function searchText(suite: SuiteResult, c: CaseResult): string {
  const parts = [suite.name, suite.file, c.id, c.name ?? '', c.tags.join(' '), c.status, c.status === 'passed' ? '' : headline(c)];
  for (const s of c.samples) parts.push((s.output?.text ?? '').slice(0, 2000), ...s.assertions.map((a) => `${a.name} ${a.reason}`));
  return parts.join(' ').toLowerCase();
}

function caseHtml(suite: SuiteResult, c: CaseResult, anchor: string): string {
  const calls = c.samples.flatMap((s) => s.calls);
  const meta = [
    c.tags.map((t) => `<span class="tag">${h(t)}</span>`).join(''),
    c.repeat > 1 && c.passRate !== undefined ? `<span class="rate">${percent(c.passRate)} of ${c.samples.length}</span>` : '',
    c.flaky ? '<span class="tag flaky">flaky</span>' : '',
    calls.length ? `<span class="muted">${h(totalText(tally(calls)))}</span>` : '',
    `<span class="muted">${ms(c.durationMs)}</span>`,
  ].join('');
  const why = c.status === 'passed' ? '' : `<div class="why why-${c.status}">${h(headline(c))}</div>`;
  const rate = passRateLine(c);
  const body =
    (rate && c.status !== 'failed' ? `<p class="muted">${h(rate)}</p>` : '') +
    (c.status === 'skipped' ? '' : c.samples.map((s) => sampleHtml(suite, c, s)).join(''));
  const errored = errors(c).length > 0;
  const open = c.status === 'failed' || c.status === 'errored' || errored ? ' open' : '';
  return (
    `<details class="case s-${c.status}" id="${anchor}" data-status="${c.status}" data-text="${h(searchText(suite, c))}"${open}>` +
    `<summary><span class="dot"></span><span class="case-id">${h(c.id)}</span>${c.name ? `<span class="case-name">${h(c.name)}</span>` : ''}<span class="case-meta">${meta}</span><span class="where">${h(where(suite.file, c.line, c.col))}</span></summary>` +
    why +
    `<div class="case-body">${body}</div></details>`
  );
}

export function htmlReport(result: RunResult): string {
  const t = totals(result);
  const report = costReport(result);
  const judged = t.passed + t.failed;
  const title = `promptgate · ${t.failed + t.errored ? `${t.failed} failed, ${t.errored} errored` : 'all passed'} · ${result.startedAt}`;
  const tiles = [
    ['passed', t.passed, 'Passed'],
    ['failed', t.failed, 'Failed'],
    ['errored', t.errored, 'Errored'],
    ['skipped', t.skipped, 'Skipped'],
  ]
    .map(([k, n, label]) => `<div class="tile t-${k}"><div class="tile-n">${n}</div><div class="tile-l">${label}</div></div>`)
    .join('');
  const rateTile = `<div class="tile"><div class="tile-n">${judged ? percent(t.passed / judged) : '–'}</div><div class="tile-l">Pass rate</div></div>`;
  const costTile = `<div class="tile"><div class="tile-n tile-cost">${h(report.total.usd ? formatUsd(report.total.usd.total) : 'no price known')}</div><div class="tile-l">${result.mode === 'replay' ? 'Cost if run live' : 'Cost'}${report.total.unpriced.calls ? ` + ${report.total.unpriced.calls} unpriced` : ''}</div></div>`;

  const grid = result.suites
    .map((s, si) => {
      const cells = s.cases
        .map((c, ci) => `<a class="cell s-${c.status}" href="#case-${si}-${ci}" data-case="case-${si}-${ci}" title="${h(`${c.id}: ${STATUS_LABEL[c.status]}${c.status === 'passed' ? '' : ` (${headline(c)})`}`)}"></a>`)
        .join('');
      const counts = totals({ suites: [s] });
      return `<div class="grid-row"><div class="grid-name"><strong>${h(s.name)}</strong><span class="muted">${h(s.file)} · ${counts.passed}/${counts.cases} passed</span></div><div class="cells">${cells}</div></div>`;
    })
    .join('');

  const cases = result.suites
    .map(
      (s, si) =>
        `<section class="suite" data-suite><h3>${h(s.name)} <span class="muted">${h(s.file)}</span></h3>${s.cases.map((c, ci) => caseHtml(s, c, `case-${si}-${ci}`)).join('')}</section>`,
    )
    .join('');

  const filters = (['all', 'failed', 'errored', 'skipped', 'passed'] as const)
    .map((k) => `<button type="button" data-filter="${k}" class="${k === 'all' ? 'active' : ''}">${k === 'all' ? 'All' : STATUS_LABEL[k]} <span>${k === 'all' ? t.cases : t[k]}</span></button>`)
    .join('');

  const notes: string[] = [];
  if (result.mode === 'replay') notes.push('Replay run: what it would cost live, from the recorded usage.');
  notes.push(`Graders: ${h(totalText(report.graders))}.`);
  if (report.total.usd?.batchDiscount) notes.push(`Batch discount: ${formatUsd(-report.total.usd.batchDiscount)} (bars show list price).`);
  if (report.total.unpriced.calls) notes.push(`No price known for ${h(report.total.unpriced.models.join(', '))}: not counted as $0.`);
  notes.push(`List prices checked ${h(report.prices.checked)}.`);

  const stopped = result.stopped ? `<div class="banner">Stopped early (${h(result.stopped.reason)}): ${h(result.stopped.message)}</div>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header class="top"><div class="brand">promptgate</div><div><h1>Run of ${h(result.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</h1><div class="meta">${h(result.mode)} · ${ms(result.durationMs)} · ${result.suites.length} suite${result.suites.length === 1 ? '' : 's'} · promptgate ${h(result.tool.version)}${result.shard ? ` · shard ${result.shard.index}/${result.shard.total}` : ''}</div></div></header>
<main>
${stopped}
<section class="tiles">${tiles}${rateTile}${costTile}</section>
<div class="two">
<section class="panel"><h2>Cases by suite</h2>${grid || '<p class="muted">No cases.</p>'}</section>
<section class="panel"><h2>Cost by model</h2>${report.byModel.length ? costChart(report) : '<p class="muted">No API calls.</p>'}<p class="notes">${notes.join(' ')}</p></section>
</div>
<section class="panel">
<div class="toolbar"><div class="filters">${filters}</div><input id="q" type="search" placeholder="Filter by id, tag, text…" aria-label="Filter cases"><span id="shown" class="muted"></span></div>
${cases}
<p id="none" class="muted" hidden>No case matches the filters.</p>
</section>
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
