/**
 * The HTML report runs no script but its own: every value from a run is escaped (model text, ids,
 * names, paths, usage numbers, tool inputs), and the CSP would stop markup that got through anyway.
 * Checked in headless Chromium, after scripts ran: no injected element, no marker a payload sets.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../reporters/html.ts';
import { passRateOf, totals, type RunResult } from '../../src/run-result.ts';
import { skipWithoutChromium } from '../support/chromium.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { browserDir, domAfterScripts } from './chromium-run.ts';
import { realisticRun } from './fixtures.ts';

const { dir, close } = browserDir('pg-hostile-');
afterAll(close);

/** Each payload, if it ran, marks <body>: `data-pwned` in the DOM means a script that is not the page's ran. */
const PAYLOADS = [
  `<img src=x onerror="document.body.dataset.pwned='img'">`,
  `</script><script>document.body.dataset.pwned='script'</script>`,
  `" onmouseover="document.body.dataset.pwned='attr'" autofocus onfocus="document.body.dataset.pwned='focus'" x="`,
  `' onfocus='document.body.dataset.pwned=1' autofocus '`,
  `<svg onload="document.body.dataset.pwned='svg'"></svg>`,
  `<iframe srcdoc="<script>parent.document.body.dataset.pwned='frame'</script>"></iframe>`,
];
const P = PAYLOADS.join(' ');

/** Where a page's markup could have come from a run: the elements a payload would add. */
function injected(dom: string): string[] {
  return [...dom.matchAll(/<(img|svg(?! class="cost-chart")|iframe)\b[^>]*>/g)].map((m) => m[0]);
}

/** Tags with an event handler or autofocus among their attribute names (values, quoted, are left out): none of the page's own. */
function handlers(dom: string): string[] {
  return [...dom.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]).filter((tag) => /\s(?:on[a-z]+|autofocus)[\s=>]/i.test(tag.replace(/"[^"]*"|'[^']*'/g, '""')));
}

/** realisticRun with a payload in every string, and strings where numbers belong (a results file is JSON anyone can edit). */
function hostileRun(): RunResult {
  const run = realisticRun() as unknown as Record<string, any>;
  const walk = (value: any): any => {
    if (typeof value === 'string') return `${value}${P}`;
    if (typeof value === 'number') return P;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const hostile = walk(run);
  // Keep what decides the page's shape, so every section renders: statuses, counts of samples.
  hostile.suites.forEach((s: any, si: number) =>
    s.cases.forEach((c: any, ci: number) => {
      const original = run.suites[si].cases[ci];
      c.status = original.status;
      c.repeat = original.repeat;
      c.samples.forEach((x: any, i: number) => (x.status = original.samples[i].status));
      c.samples.forEach((x: any, i: number) => x.assertions.forEach((a: any, j: number) => (a.pass = original.samples[i].assertions[j].pass)));
      c.samples.forEach(
        (x: any) => x.output && (x.output.toolCalls = x.output.toolCalls.map((t: any) => ({ ...t, input: { [P]: P, nested: [P, { deeper: P }] } }))),
      );
      // A tool-loop trajectory too: each step's call, input, tool result and reply are model or tool text.
      c.samples.forEach(
        (x: any) =>
          x.output &&
          (x.output.steps = [
            { text: P, toolCalls: [{ id: P, name: P, input: { [P]: P } }], stopReason: P, toolResults: [{ toolUseId: P, name: P, content: P, isError: true }] },
            { text: P, toolCalls: [], stopReason: P },
          ]),
      );
    }),
  );
  hostile.mode = 'replay';
  // Prices depend on the run's date, which a results file must have (the reader checks it).
  hostile.startedAt = run.startedAt;
  hostile.shard = { index: P, total: P };
  hostile.stopped = { reason: P, message: P };
  return hostile as RunResult;
}

describe('HTML report with a hostile RunResult', () => {
  const html = htmlReport(hostileRun());

  it('escapes every value: the markup holds no element or attribute a payload wrote', () => {
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(injected(html)).toEqual([]);
    expect(handlers(html)).toEqual([]);
    // Usage read as strings shows as text, escaped like any other.
    expect(html).toContain('&lt;img src=x onerror=&quot;document.body.dataset.pwned=&#39;img&#39;&quot;&gt;');
  });

  it("allows no script but its own: a hash of the page's script, no 'unsafe-inline'", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/(?:^|; )script-src 'sha256-[A-Za-z0-9+/]{43}='(?:;|$)/);
    expect(csp.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe');
    expect(csp).toContain("default-src 'none'");
  });

  it.skipIf(skipWithoutChromium)('renders in Chromium with its own script running and no payload run or added', async () => {
    const dom = await domAfterScripts(dir, 'hostile.html', html);
    expect(dom).toContain('Showing 7 of 7 cases');
    expect(dom).not.toContain('data-pwned');
    expect(injected(dom)).toEqual([]);
    expect(dom.match(/<script\b/g)).toHaveLength(1);
  });

  it.skipIf(skipWithoutChromium)('would not run markup that got past escaping either: the CSP blocks inline scripts and handlers', async () => {
    const raw = `<img src=x onerror="document.body.dataset.pwned='img'"><script>document.body.dataset.pwned='script'</script><div onclick="x" id="clicked"></div>`;
    const leaked = html.replace('<main>', `<main>${raw}`);
    const dom = await domAfterScripts(dir, 'leaked.html', leaked);
    // The elements are there (this page was spliced by hand), but nothing they carry ran; the page's own script did.
    expect(injected(dom).length).toBe(1);
    expect(handlers(dom).length).toBe(2);
    expect(dom).toContain('Showing 7 of 7 cases');
    expect(dom).not.toContain('data-pwned');
  });
});

describe('HTML report from a hostile cassette', () => {
  const SUITE = `
name: hostile
model: claude-haiku-4-5
max_tokens: 100
tools:
  - name: lookup
    description: looks things up
    input_schema: { type: object, properties: { q: { type: string } } }
cases:
  - id: usage-strings
    prompt: "hello"
    assert:
      - contains: "Echo"
  - id: model-and-tool
    prompt: "please lookup"
    assert:
      - tool_called: lookup
`;
  let sim: Simulator;
  let result: RunResult;

  beforeAll(async () => {
    sim = await startSimulator();
    const project = await tempProject({ 'suites/hostile.yaml': SUITE });
    await record(project, sim.url);
    const fixtures = path.join(project, 'fixtures/hostile');
    expect((await readdir(fixtures)).sort()).toEqual(['model-and-tool.json', 'usage-strings.json']);
    // The request (and so the key) stays; the recorded answer is rewritten as anyone with the repository could.
    const edit = async (file: string, change: (cassette: any) => void) => {
      const cassette = JSON.parse(await readFile(path.join(fixtures, file), 'utf8'));
      change(cassette);
      await writeFile(path.join(fixtures, file), JSON.stringify(cassette));
    };
    await edit('usage-strings.json', (c) => {
      for (const k of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens']) c.response.message.usage[k] = PAYLOADS[0];
    });
    await edit('model-and-tool.json', (c) => {
      const m = c.response.message;
      m.model = `claude-haiku-4-5${PAYLOADS[1]}`;
      m.id = `msg_${PAYLOADS[2]}`;
      for (const block of m.content) if (block.type === 'tool_use') block.input = { q: `</script>${PAYLOADS[0]}`, [PAYLOADS[4]!]: PAYLOADS[3] };
      m.content.push({ type: 'text', text: `${PAYLOADS[5]} onerror=alert(1)` });
      c.request_id = PAYLOADS[2];
    });
    result = await replay(project);
  });
  afterAll(() => sim.close());

  it('is replayed to a result with both cases, whatever their verdicts', () => {
    expect(result.suites[0]!.cases.map((c) => c.id)).toEqual(['usage-strings', 'model-and-tool']);
    expect(result.suites[0]!.cases.map((c) => c.status)).not.toContain('skipped');
  });

  it.skipIf(skipWithoutChromium)('renders in Chromium with no injected element and no payload run', async () => {
    const html = htmlReport(result);
    expect(injected(html)).toEqual([]);
    expect(handlers(html)).toEqual([]);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    const dom = await domAfterScripts(dir, 'cassette.html', html);
    expect(dom).toContain('Showing 2 of 2 cases');
    expect(dom).not.toContain('data-pwned');
    expect(injected(dom)).toEqual([]);
    expect(dom.match(/<script\b/g)).toHaveLength(1);
  });
});

describe('the pass-rate tile', () => {
  it('counts errored cases as run and not passed', () => {
    const run = realisticRun();
    expect(totals(run)).toMatchObject({ passed: 2, failed: 3, errored: 1, skipped: 1 });
    // 2 of the 6 cases that ran; leaving the errored one out read 40%.
    expect(passRateOf(totals(run))).toBeCloseTo(2 / 6, 10);
    expect(htmlReport(run)).toContain('<div class="tile-n">33.3%</div><div class="tile-l">Pass rate</div>');
  });

  it('reads 0%, not a dash or 100%, when every case errored', () => {
    const run = realisticRun();
    run.suites = [{ ...run.suites[0]!, cases: [run.suites[0]!.cases[3]!] }];
    expect(htmlReport(run)).toContain('<div class="tile-n">0%</div><div class="tile-l">Pass rate</div>');
  });
});
