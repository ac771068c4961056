/** The HTML report's inline style and script: static text, so the page needs nothing from the network. */
export const HTML_STYLE = `
:root { --pass:#1a7f37; --fail:#cf222e; --err:#b35900; --broken:#8250df; --skip:#8c959f; --ink:#1f2328; --muted:#656d76; --line:#d8dee4; --bg:#f3f5f8; --card:#fff; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif; color:var(--ink); background:var(--bg); }
code, pre, .where { font-family: ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace; font-size:12.5px; }
.top { display:flex; gap:20px; align-items:center; padding:18px 32px; background:#0d1117; color:#e6edf3; }
.brand { font-weight:700; letter-spacing:.02em; padding:6px 12px; border-radius:8px; background:linear-gradient(135deg,#4f6bed,#9b5de5); color:#fff; }
.top h1 { font-size:18px; margin:0; font-weight:600; }
.top .meta { color:#9da7b3; font-size:13px; }
main { max-width:1240px; margin:0 auto; padding:20px 24px 48px; }
.banner { background:#fff4e5; border:1px solid #f0b45a; color:#7a4100; padding:10px 14px; border-radius:10px; margin-bottom:16px; }
.tiles { display:grid; grid-template-columns:repeat(6,1fr); gap:12px; margin-bottom:16px; }
.tile { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:12px 16px; border-top:4px solid #c9d1d9; }
.tile-n { font-size:26px; font-weight:700; font-variant-numeric:tabular-nums; }
.tile-cost { font-size:22px; line-height:39px; }
.tile-l { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.05em; }
.t-passed { border-top-color:var(--pass); } .t-passed .tile-n { color:var(--pass); }
.t-failed { border-top-color:var(--fail); } .t-failed .tile-n { color:var(--fail); }
.t-errored { border-top-color:var(--err); } .t-errored .tile-n { color:var(--err); }
.t-broken { border-top-color:var(--broken); } .t-broken .tile-n { color:var(--broken); }
.t-skipped { border-top-color:var(--skip); } .t-skipped .tile-n { color:var(--skip); }
.two { display:grid; grid-template-columns: minmax(0,1fr) minmax(0,1.15fr); gap:16px; }
.panel { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:16px 20px; margin-bottom:16px; box-shadow:0 1px 2px rgba(31,35,40,.04); }
.panel h2 { font-size:15px; margin:0 0 12px; }
.grid-row { display:flex; gap:16px; align-items:center; padding:8px 0; border-top:1px solid #eef1f4; }
.grid-row:first-of-type { border-top:0; }
.grid-name { width:250px; display:flex; flex-direction:column; overflow:hidden; }
.grid-name strong, .grid-name span { white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
.grid-name span { font-size:12px; }
.cells { display:flex; flex-wrap:wrap; gap:5px; flex:1; }
.cell { width:22px; height:22px; border-radius:5px; display:block; transition:transform .1s; }
.cell:hover { transform:scale(1.2); }
.cell.s-passed { background:var(--pass); } .cell.s-failed { background:var(--fail); } .cell.s-errored { background:var(--err); } .cell.s-broken { background:var(--broken); }
.cell.s-skipped { background:repeating-linear-gradient(45deg,#d0d7de 0 4px,#eaeef2 4px 8px); }
.cost-chart { display:block; max-width:100%; }
.cost-chart text { font-size:12.5px; fill:var(--ink); font-family:ui-monospace,Menlo,Consolas,monospace; }
.cost-chart .c-role { fill:var(--muted); } .cost-chart .c-value { font-weight:600; font-family:system-ui,sans-serif; }
.cost-chart .c-unknown { fill:var(--err); font-weight:500; } .c-track { fill:#eef1f4; }
.legend { display:flex; flex-wrap:wrap; gap:12px; margin-top:8px; font-size:12px; color:var(--muted); }
.legend-item i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:5px; vertical-align:-1px; }
.notes { color:var(--muted); font-size:12px; margin:10px 0 0; }
.toolbar { display:flex; gap:12px; align-items:center; flex-wrap:wrap; margin-bottom:8px; position:sticky; top:0; background:var(--card); padding:6px 0; z-index:1; }
.filters { display:flex; gap:0; border:1px solid var(--line); border-radius:8px; overflow:hidden; }
.filters button { border:0; border-right:1px solid var(--line); background:#f6f8fa; padding:6px 12px; font:inherit; cursor:pointer; color:var(--ink); }
.filters button:last-child { border-right:0; }
.filters button span { color:var(--muted); margin-left:4px; font-variant-numeric:tabular-nums; }
.filters button.active { background:#0d1117; color:#fff; } .filters button.active span { color:#9da7b3; }
#q { flex:1; min-width:200px; padding:6px 10px; border:1px solid var(--line); border-radius:8px; font:inherit; }
.suite h3 { font-size:14px; margin:18px 0 8px; }
.case { border:1px solid var(--line); border-left:4px solid var(--skip); border-radius:8px; margin:6px 0; background:#fff; }
.case.s-passed { border-left-color:var(--pass); } .case.s-failed { border-left-color:var(--fail); } .case.s-errored { border-left-color:var(--err); } .case.s-broken { border-left-color:var(--broken); }
.case summary { display:flex; gap:10px; align-items:center; padding:8px 12px; cursor:pointer; list-style:none; }
.case summary::-webkit-details-marker { display:none; }
.case summary::before { content:"▸"; color:var(--muted); } .case[open] summary::before { content:"▾"; }
.dot { width:10px; height:10px; border-radius:50%; background:var(--skip); flex:none; }
.s-passed .dot { background:var(--pass); } .s-failed .dot { background:var(--fail); } .s-errored .dot { background:var(--err); } .s-broken .dot { background:var(--broken); }
.case-id { font-weight:600; }
.case-name { color:var(--muted); }
.case-meta { display:flex; gap:8px; align-items:center; margin-left:auto; font-size:12px; }
.where { color:var(--muted); font-size:12px; white-space:nowrap; }
.tag { background:#eef1f4; border-radius:10px; padding:0 8px; font-size:12px; }
.tag.flaky { background:#fff1d6; color:#7a4100; }
.rate { font-weight:600; font-size:12px; }
.why { margin:0 12px 8px 32px; padding:6px 10px; border-radius:6px; font-size:13px; }
.why-failed { background:#ffebe9; color:#82071e; } .why-errored { background:#fff4e5; color:#7a4100; } .why-broken { background:#fbefff; color:#6e2b8a; } .why-skipped { background:#f6f8fa; color:var(--muted); }
.case-body { padding:0 12px 12px 32px; }
.sample { border-top:1px dashed var(--line); padding-top:8px; margin-top:8px; }
.sample:first-child { border-top:0; margin-top:0; }
.sample-head { font-weight:600; margin-bottom:6px; }
.pill { font-size:11px; font-weight:600; border-radius:10px; padding:1px 8px; color:#fff; background:var(--skip); }
.pill.s-passed { background:var(--pass); } .pill.s-failed { background:var(--fail); } .pill.s-errored { background:var(--err); } .pill.s-broken { background:var(--broken); }
.block { margin:6px 0; }
.block-title { font-size:12px; color:var(--muted); margin-bottom:2px; } .block-title .muted { margin-left:8px; }
pre.output, pre.diff { margin:0; background:#f6f8fa; border:1px solid #eaeef2; border-radius:6px; padding:8px 10px; white-space:pre-wrap; word-break:break-word; max-height:260px; overflow:auto; }
.refusal { margin:0 0 6px; padding:6px 10px; border-radius:6px; background:#ffebe9; color:#82071e; white-space:pre-wrap; }
.error-box { background:#fff4e5; border:1px solid #f0b45a; border-radius:6px; padding:8px 10px; margin:6px 0; }
.hint { margin-top:4px; }
table { width:100%; border-collapse:collapse; margin:8px 0; font-size:13px; }
th { text-align:left; font-weight:600; color:var(--muted); font-size:12px; border-bottom:1px solid var(--line); padding:4px 6px; }
td { border-bottom:1px solid #eef1f4; padding:5px 6px; vertical-align:top; word-break:break-word; }
tr.a-fail td { background:#fff8f7; }
.ok { color:var(--pass); font-weight:700; } .bad { color:var(--fail); font-weight:700; }
.ea { display:flex; gap:8px; margin-top:3px; } .ea span { color:var(--muted); width:60px; flex:none; font-size:12px; }
.ea code { background:#f6f8fa; padding:0 4px; border-radius:4px; white-space:pre-wrap; word-break:break-word; }
.num { text-align:right; font-variant-numeric:tabular-nums; } .nowrap { white-space:nowrap; }
.muted { color:var(--muted); } .unknown { color:var(--err); }
@media (max-width:900px) { .two { grid-template-columns:1fr; } .tiles { grid-template-columns:repeat(3,1fr); } }
`;

export const HTML_SCRIPT = `
(() => {
  const cases = [...document.querySelectorAll('.case')];
  const q = document.getElementById('q');
  const shown = document.getElementById('shown');
  let status = 'all';
  function apply() {
    const text = q.value.trim().toLowerCase();
    let n = 0;
    for (const el of cases) {
      const ok = (status === 'all' || el.dataset.status === status) && (!text || el.dataset.text.includes(text));
      // Set only when it changes: every set restyles a page that may hold thousands of cases.
      if (el.hidden === ok) el.hidden = !ok;
      if (ok) n++;
    }
    for (const s of document.querySelectorAll('[data-suite]')) {
      const empty = !s.querySelector('.case:not([hidden])');
      if (s.hidden !== empty) s.hidden = empty;
    }
    shown.textContent = 'Showing ' + n + ' of ' + cases.length + ' cases';
    document.getElementById('none').hidden = n > 0;
  }
  for (const b of document.querySelectorAll('[data-filter]')) {
    b.addEventListener('click', () => {
      status = b.dataset.filter;
      for (const o of document.querySelectorAll('[data-filter]')) o.classList.toggle('active', o === b);
      apply();
    });
  }
  q.addEventListener('input', apply);
  for (const cell of document.querySelectorAll('.cell')) {
    cell.addEventListener('click', () => {
      const target = document.getElementById(cell.dataset.case);
      if (target) { target.hidden = false; target.closest('[data-suite]').hidden = false; target.open = true; }
    });
  }
  apply();
})();
`;
