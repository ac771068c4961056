/** The cost breakdown chart: one stacked bar per model and role, drawn as inline SVG (no script, no network). */
import type { CostReport } from './cost.ts';
import { totalText } from './cost.ts';
import type { Usd } from './cost-tally.ts';
import { formatUsd } from '../src/format/usd.ts';
import { html, type Markup } from './html-text.ts';

const SEGMENTS: { key: keyof Usd; label: string; color: string }[] = [
  { key: 'input', label: 'Input', color: '#4f6bed' },
  { key: 'output', label: 'Output', color: '#9b5de5' },
  { key: 'cacheWrite5m', label: 'Cache write 5m', color: '#f28f3b' },
  { key: 'cacheWrite1h', label: 'Cache write 1h', color: '#e4572e' },
  { key: 'cacheRead', label: 'Cache read', color: '#2ec4b6' },
];

export function costChart(report: CostReport): Markup {
  const rows = report.byModel;
  const listTotal = (u: Usd) => SEGMENTS.reduce((sum, s) => sum + u[s.key], 0);
  const max = Math.max(0, ...rows.map((r) => (r.usd ? listTotal(r.usd) : 0)));
  const labelW = 300;
  const barW = 300;
  const valueW = 150;
  const rowH = 34;
  const width = labelW + barW + valueW;
  const height = rows.length * rowH + 6;
  const parts: Markup[] = [];
  rows.forEach((r, i) => {
    const y = i * rowH + 6;
    const role = r.role === 'grader' ? ' (grader)' : '';
    parts.push(html`<text x="0" y="${y + 17}" class="c-label">${r.model}<tspan class="c-role">${role}</tspan></text>`);
    parts.push(html`<rect x="${labelW}" y="${y + 4}" width="${barW}" height="18" rx="4" class="c-track"/>`);
    if (r.usd && max > 0) {
      let x = labelW;
      for (const s of SEGMENTS) {
        const w = (r.usd[s.key] / max) * barW;
        if (w <= 0) continue;
        parts.push(
          html`<rect x="${x.toFixed(2)}" y="${y + 4}" width="${Math.max(w, 1.5).toFixed(2)}" height="18" fill="${s.color}"><title>${s.label}: ${formatUsd(r.usd[s.key])}</title></rect>`,
        );
        x += w;
      }
    }
    const value = r.usd ? totalText(r) : 'no price known';
    parts.push(html`<text x="${width}" y="${y + 17}" text-anchor="end" class="${r.usd ? 'c-value' : 'c-value c-unknown'}">${value}</text>`);
  });
  const legend = SEGMENTS.map((s) => html`<span class="legend-item"><i style="background:${s.color}"></i>${s.label}</span>`);
  return html`<svg class="cost-chart" role="img" aria-label="Cost by model" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${parts}</svg><div class="legend">${legend}</div>`;
}
