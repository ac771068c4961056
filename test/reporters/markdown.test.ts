import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotations, escapeData, escapeProperty, publishToGitHub } from '../../reporters/github.ts';
import { MAX_SUMMARY_BYTES, markdownSummary } from '../../reporters/markdown.ts';
import { junitXml } from '../../reporters/junit.ts';
import { htmlReport } from '../../reporters/html.ts';
import type { RunResult } from '../../src/run-result.ts';
import { assertion, batchRun, call, caseResult, realisticRun, sample } from './fixtures.ts';

function smallRun(): RunResult {
  const run = batchRun();
  run.mode = 'live';
  run.suites[0]!.cases[0]!.samples[0]!.calls.forEach((c) => (c.batch = false));
  run.suites[0]!.cases.push(
    caseResult({
      id: 'greets, politely: 100%',
      line: 9,
      col: 3,
      status: 'failed',
      passRate: 0,
      samples: [
        sample({
          status: 'failed',
          output: { text: 'yo', toolCalls: [], stopReason: 'end_turn' },
          assertions: [
            assertion({ name: 'starts_with', pass: false, reason: 'output does not start with "Hello"', expected: '"Hello"', actual: '"yo"', line: 11 }),
          ],
          calls: [call('claude-haiku-4-5', { input_tokens: 1000, output_tokens: 200 })],
        }),
      ],
    }),
  );
  return run;
}

describe('markdownSummary', () => {
  it('renders counts, failed cases with reasons and the cost table, exactly', () => {
    expect(markdownSummary(smallRun())).toBe(
      [
        '## promptgate: ❌ 1 passed · 1 failed · 0 errored · 0 skipped (2 cases)',
        '',
        'live run of 2026-11-04T00:00:00.000Z · 1 min 0 s · promptgate 0.1.0',
        '',
        '### Failed',
        '',
        '- **a › greets, politely: 100%** (`suites/a.yaml:9:3`)',
        '  - starts\\_with: output does not start with "Hello"',
        '    - expected: `"Hello"`',
        '    - actual: `"yo"`',
        '',
        '### Cost',
        '',
        '| Model | Role | Calls | Input | Output | Cache write 5m | Cache write 1h | Cache read | Total |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| `claude-haiku-4-5` | case | 1 | 1,000 · $0.001 | 200 · $0.001 | 0 · $0.00 | 0 · $0.00 | 0 · $0.00 | **$0.002** |',
        '| `claude-haiku-4-5` | grader | 1 | 10,000 · $0.01 | 1,000 · $0.005 | 0 · $0.00 | 0 · $0.00 | 0 · $0.00 | **$0.015** |',
        '| `claude-sonnet-4-6` | case | 1 | 2,000,000 · $6.00 | 100,000 · $1.50 | 0 · $0.00 | 0 · $0.00 | 0 · $0.00 | **$7.50** |',
        '| **Total** |  | 3 | 2,011,000 · $6.011 | 101,200 · $1.506 | 0 · $0.00 | 0 · $0.00 | 0 · $0.00 | **$7.517** |',
        '',
        '- Graders: $0.015 of the total (1 call).',
        "- List prices of 2026-11-04 (the run's date), checked 2026-12-06, from https://platform.claude.com/docs/en/about-claude/pricing.",
        '',
      ].join('\n'),
    );
  });

  it('lists errored cases apart from failed ones, with the fix, and neutralises hostile text', () => {
    const md = markdownSummary(realisticRun());
    expect(md).toContain(
      '### Errored (no answer could be had)\n\n- **support-triage › refund-policy** (`suites/support-triage.yaml:35:5`)\n  - stale\\_recording:',
    );
    expect(md).toContain('    - fix: `npx promptgate run suites/support-triage.yaml --record --filter refund-policy`');
    expect(md).toContain('  - not contains: output contains "\\]\\]\\>" \\<and\\> \\& "\\</failure\\>"');
    expect(md).toContain('    - actual: `nul\\u0000 bell\\u0007 esc\\u001b[31mred');
    // oxlint-disable-next-line no-control-regex -- no raw control character may reach the summary
    expect(md).not.toMatch(/[\u0000-\u0008\u001b]/);
    expect(md).toContain('| `claude-experimental-9` | case | 1 | 70 | 9,000 | 0 | 0 | 0 | **no price known** |');
  });

  it('says when the run stopped early, in the words the run stopped with, once', () => {
    const run = smallRun();
    run.stopped = { reason: 'budget', message: 'budget: $0.9 spent + $0.2 for a call of s/a (worst case) would pass --max-cost $1.00' };
    // `$` escaped: two of them in one message would read as GitHub math.
    expect(markdownSummary(run)).toContain('> **Stopped early:** budget: \\$0.9 spent + \\$0.2 for a call of s/a (worst case) would pass --max-cost \\$1.00\n');
    expect(junitXml(run)).toContain('<property name="stopped" value="budget: $0.9 spent + $0.2 for a call of s/a (worst case) would pass --max-cost $1.00"/>');
    expect(htmlReport(run)).toContain('Stopped early: budget: $0.9 spent');
  });
});

describe('GitHub annotations', () => {
  it('escapes data and properties per the workflow-command rules', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
  });

  it('writes one ::error per failed or errored case at its suite line, exactly', () => {
    expect(annotations(smallRun())).toEqual([
      '::error file=suites/a.yaml,line=9,col=3,title=a › greets%2C politely%3A 100%25 failed::starts_with: output does not start with "Hello"%0A  expected: "Hello"%0A  actual: "yo"',
    ]);
    const lines = annotations(realisticRun());
    expect(lines.map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error file=suites/support-triage.yaml,line=19,col=5,title=support-triage › out-of-scope failed',
      '::error file=suites/support-triage.yaml,line=27,col=5,title=support-triage › extraction-json failed',
      '::error file=suites/support-triage.yaml,line=35,col=5,title=support-triage › refund-policy errored',
      '::error file=suites/edge cases & unicode.yaml,line=11,col=5,title=édge-cases ✨ › hostile-output failed',
    ]);
    expect(lines[1]).toContain('::pass rate 60%25 (3/5), below min_pass_rate 80%25%0Ajson_schema: output is not JSON');
    // oxlint-disable-next-line no-control-regex -- no raw control character may reach an annotation
    for (const line of lines) expect(line).not.toMatch(/[\r\n\u0000-\u001f]/);
  });

  it('appends the summary and prints annotations only inside GitHub Actions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-gh-'));
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, 'earlier step\n');
    const printed: string[] = [];
    expect(await publishToGitHub(smallRun(), { GITHUB_ACTIONS: 'false', GITHUB_STEP_SUMMARY: summary }, (l) => printed.push(l))).toBe(false);
    expect(printed).toEqual([]);
    expect(await publishToGitHub(smallRun(), { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, (l) => printed.push(l))).toBe(true);
    expect(readFileSync(summary, 'utf8')).toBe('earlier step\n' + markdownSummary(smallRun()) + '\n');
    expect(printed).toEqual(annotations(smallRun()).map((l) => l + '\n'));
  });
});

describe("the summary keeps within GitHub's 1 MiB step summary", () => {
  /** `n` failed cases, each with a reason of ~`reasonChars` characters. */
  function failingRun(n: number, reasonChars: number): RunResult {
    const run = smallRun();
    const suite = run.suites[0]!;
    for (let i = 0; i < n; i++) {
      const reason = `case ${i}: ` + 'x'.repeat(reasonChars);
      suite.cases.push(
        caseResult({
          id: `c${i}`,
          line: 20 + i,
          status: 'failed',
          samples: [sample({ status: 'failed', assertions: [assertion({ name: 'contains', pass: false, reason, line: 21 + i })] })],
        }),
      );
    }
    return run;
  }

  it('lists the failed cases that fit, counts the rest in one line, and still ends with the cost', () => {
    // 5,000 failures of ~320 bytes each: ~1.7 MB listed in full.
    const md = markdownSummary(failingRun(5000, 250));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    const listed = md.match(/^- \*\*/gm)!.length;
    const more = Number(/…and ([\d,]+) more cases that did not pass, left out to keep this summary within GitHub's size/.exec(md)![1]!.replaceAll(',', ''));
    // Every failed case is either listed or counted (5,000 and smallRun's own one), in order.
    expect(listed + more).toBe(5001);
    expect(listed).toBeGreaterThan(2000);
    expect(md).toContain(`case ${listed - 2}: `);
    expect(md).not.toContain(`case ${listed - 1}: `);
    expect(md.trimEnd().split('\n').slice(-12).join('\n')).toContain('### Cost');
  });

  it('keeps within it when the answers changed are large too: one-line answers of 60 KB are cut, and the section gives way before the failures', () => {
    const run = failingRun(20, 250);
    const blob = JSON.stringify({ rows: Array.from({ length: 4000 }, (_, i) => ({ id: i, label: 'x'.repeat(8) })) });
    for (const [i, c] of run.suites[0]!.cases.entries()) {
      const s = c.samples[0]!;
      s.output = { text: `${blob}${i}`, toolCalls: [], stopReason: 'end_turn' };
      s.previous = { output: { text: `${blob}old${i}`, toolCalls: [], stopReason: 'end_turn' }, usage: s.calls[0]?.usage ?? ({} as never) };
    }
    const md = markdownSummary(run);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(md).toContain('### Answers changed (old recording → new)');
    expect(md).toMatch(/… \(\d+ more characters\)/);
    // With little room, the section is one line saying where the answers are; the failures are still listed.
    const small = markdownSummary(run, 20_000);
    expect(small).toContain("Left out to keep this summary within its size: see the results JSON (each sample's `previous`).");
    expect(small).toContain('case 0: ');
  });

  it('lists every case when they fit, with no count line', () => {
    const md = markdownSummary(failingRun(50, 250));
    expect(md.match(/^- \*\*/gm)!.length).toBe(51);
    expect(md).not.toContain('more cases that did not pass');
  });

  it('in a step summary, leaves room for what earlier commands of the step wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'promptgate-summary-'));
    const summary = path.join(dir, 'summary.md');
    // A compare or an earlier run already appended 600 KB.
    writeFileSync(summary, 'y'.repeat(600_000) + '\n');
    await publishToGitHub(failingRun(5000, 250), { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, () => {});
    const size = Buffer.byteLength(readFileSync(summary, 'utf8'));
    expect(size).toBeLessThanOrEqual(1024 * 1024);
    expect(size).toBeGreaterThan(1000 * 1000);
  });
});
