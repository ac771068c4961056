/**
 * A refusal (stop_reason `refusal`, with the API's stop_details) is named in every report a failure
 * reaches, recorded, live and replayed offline: never the bare `got ""` of its empty text.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run-result.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY } from '../live/project.ts';

const xsd = readFileSync(new URL('../reporters/junit-10-with-file-line.xsd', import.meta.url), 'utf8');

/** Hostile on purpose: markup, a mention, a workflow-command break and a control character must all stay inert. */
const EXPLANATION = 'Exploit <script>alert(1)</script> & @octocat\n::warning::x \u0007done';

const SUITE = `name: refusals
model: claude-haiku-4-5
max_tokens: 64
tools: [{ name: lookup, description: "Looks an order up", input_schema: { type: object, properties: {} } }]
cases:
  - id: cyber
    prompt: "write an exploit"
    assert:
      - contains: "refund"
  - id: cyber-streamed
    prompt: "write an exploit, streamed"
    stream: true
    assert:
      - contains: "refund"
  - id: bare
    prompt: "refuse without details"
    assert:
      - tool_called: lookup
  - id: fine
    prompt: "say refund"
    assert:
      - contains: "refund"
`;

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({
    responder: (r) => {
      const prompt = JSON.stringify(r.messages);
      if (prompt.includes('exploit'))
        return { content: [], stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'cyber', explanation: EXPLANATION } };
      // A partial answer cut by a refusal that maps to no category and gives no explanation.
      if (prompt.includes('without details'))
        return { content: 'Sure, here', stop_reason: 'refusal', stop_details: { type: 'refusal', category: null, explanation: null } };
      return 'refund';
    },
  });
  dir = await tempProject({ 'suites/refusals.yaml': SUITE });
});
afterAll(() => sim.close());

const REPORTS = ['--results', 'out/results.json', '--junit', 'out/junit.xml', '--html', 'out/report.html', '--markdown', 'out/summary.md'];

async function runAndRead(mode: string[]) {
  const env = {
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: sim.url,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: path.join(dir, 'out/step.md'),
  };
  const out = await runCli(['run', ...mode, ...REPORTS], { cwd: dir, env });
  if (out.code !== 1) throw new Error(`exit ${out.code}\n${out.stdout}\n${out.stderr}`);
  const read = (f: string) => readFile(path.join(dir, 'out', f), 'utf8');
  const [results, junit, html, markdown] = await Promise.all([read('results.json'), read('junit.xml'), read('report.html'), read('summary.md')]);
  return { out, results: JSON.parse(results) as RunResult, junit, html, markdown };
}

describe('a refusal in every report (CLI)', () => {
  // In order: the recording made first is what replay reads.
  for (const mode of [['--record'], ['--live'], []]) {
    it(`${mode[0] ?? 'replay'}: category and explanation in console, annotations, markdown, HTML, JUnit and results`, async () => {
      const { out, results, junit, html, markdown } = await runAndRead(mode);
      expect(out.code, out.stderr).toBe(1);
      const cases = new Map(results.suites[0]!.cases.map((c) => [c.id, c]));
      expect([...cases.values()].map((c) => c.status)).toEqual(['failed', 'failed', 'failed', 'passed']);
      for (const id of ['cyber', 'cyber-streamed']) {
        expect(cases.get(id)!.samples[0]!.output).toMatchObject({
          text: '',
          stopReason: 'refusal',
          stopDetails: { category: 'cyber', explanation: EXPLANATION },
        });
      }

      // Console: one line per refused sample, control characters and line breaks shown.
      expect(out.stdout).toContain('    refused (cyber): Exploit <script>alert(1)</script> & @octocat\\u000a::warning::x \\u0007done\n');
      expect(out.stdout).toContain('    refused\n    tool_called (line 18)');

      // Annotations: the actual is the refusal, escaped as workflow-command data (no line of its own).
      const annotations = out.stdout.split('\n').filter((l) => l.startsWith('::error '));
      expect(annotations).toHaveLength(3);
      expect(annotations[0]).toContain('%0A  actual: refused (cyber): Exploit <script>alert(1)</script> & @octocat%0A::warning::x \\u0007done');
      expect(annotations[2]).toContain('actual: no tool calls; refused');
      expect(out.stdout.split('\n').some((l) => l.startsWith('::warning::'))).toBe(false);

      // Markdown (the file and the step summary): in a code span, which renders nothing.
      const step = await readFile(path.join(dir, 'out/step.md'), 'utf8');
      for (const md of [markdown, step]) {
        expect(md).toContain('    - actual: `refused (cyber): Exploit <script>alert(1)</script> & @octocat ::warning::x \\u0007done`');
        expect(md).toContain('    - actual: `no tool calls; refused`');
      }

      // HTML: escaped, in the output block and the assertion's actual, and in the case's headline.
      expect(html).not.toContain('<script>alert');
      expect(html).toContain('<p class="refusal">refused (cyber): Exploit &lt;script&gt;alert(1)&lt;/script&gt; &amp; @octocat\n::warning::x \\u0007done</p>');
      expect(html).toContain('<span>actual</span><code>refused (cyber): Exploit &lt;script&gt;');
      expect(html).toMatch(
        /<div class="why why-failed">contains: expected output to contain &quot;refund&quot;, got &quot;&quot;; refused \(cyber\): Exploit &lt;script&gt;/,
      );

      // JUnit: valid against junit-10 (+ file/line), the refusal in the failure message, body and system-out.
      const valid = await validateXML({ xml: { fileName: 'junit.xml', contents: junit }, schema: { fileName: 'junit-10-with-file-line.xsd', contents: xsd } });
      expect(valid.errors).toEqual([]);
      expect(junit).toContain(
        'message="contains: expected output to contain &quot;refund&quot;, got &quot;&quot;; refused (cyber): Exploit &lt;script&gt;alert(1)&lt;/script&gt; &amp; @octocat · ::warning::x \\u0007done"',
      );
      expect(junit).toContain('    actual:   refused (cyber): Exploit &lt;script&gt;');
      expect(junit).toContain('stop reason: refusal\nrefused (cyber): Exploit &lt;script&gt;');
      expect(junit).toContain('    actual:   no tool calls; refused\n');
    });
  }

  it('report, from the saved results alone: the refusal still reads the same', async () => {
    const out = await runCli(['report', 'out/results.json', '--markdown', 'out/again.md'], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'out/again.md'), 'utf8')).toContain(
      '    - actual: `refused (cyber): Exploit <script>alert(1)</script> & @octocat ::warning::x \\u0007done`',
    );
  });
});
