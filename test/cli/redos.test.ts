/**
 * A catastrophic pattern (`^(a+)+$` on a long run of a's ending in a non-a) in a regex assertion or
 * a JSON Schema `pattern` is stopped at the regex time limit: the check is broken, naming the pattern
 * and the limit, the other checks still judge, the reports are written, and Ctrl-C still ends the run.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGEX_TIME_LIMIT_MS } from '../../src/assertions/bounded-regex.ts';
import type { RunResult } from '../../src/run-result.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { KEY } from '../live/project.ts';
import { runCli, spawnCli } from '../support/cli.ts';

const xsd = readFileSync(new URL('../reporters/junit-10-with-file-line.xsd', import.meta.url), 'utf8');

// Minutes of backtracking for V8 without a limit; 40 characters is far past what a run could wait out.
const EVIL = `${'a'.repeat(40)}!`;

const SUITE = `name: redos
model: claude-haiku-4-5
max_tokens: 64
cases:
  - id: regex
    prompt: "say a's"
    assert:
      - regex: "^(a+)+$"
      - contains: "aaa"
  - id: schema
    prompt: "give a's as JSON"
    assert:
      - json_schema: { type: object, properties: { code: { type: string, pattern: "^(a+)+$" } } }
  - id: fine
    prompt: "say ok"
    assert:
      - regex: "^o(k)+$"
`;

/** Many cases, each with a catastrophic check: a run long enough to interrupt in the middle. */
const MANY = `name: many
model: claude-haiku-4-5
max_tokens: 64
cases:
${Array.from({ length: 30 }, (_, i) => `  - id: c${i + 1}\n    prompt: "say a's ${i + 1}"\n    assert:\n      - regex: "^(a+)+$"\n`).join('')}`;

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({
    responder: (r) => {
      const prompt = JSON.stringify(r.messages);
      if (prompt.includes('as JSON')) return JSON.stringify({ code: EVIL });
      if (prompt.includes("say a's")) return EVIL;
      return 'ok';
    },
  });
  dir = await tempProject({ 'suites/redos.yaml': SUITE, 'many/many.yaml': MANY });
  const recorded = await runCli(['run', '--record', 'suites', 'many'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } });
  if (recorded.code !== 3) throw new Error(`record: exit ${recorded.code}\n${recorded.stdout}\n${recorded.stderr}`);
}, 60_000);
afterAll(() => sim.close());

const REPORTS = ['--results', 'out/results.json', '--junit', 'out/junit.xml'];
const limitReason = (check: string) =>
  new RegExp(`^${check} could not run: /\\^\\(a\\+\\)\\+\\$/u? did not finish within ${REGEX_TIME_LIMIT_MS} ms on 41 characters`);

describe('a catastrophic pattern, replayed offline', () => {
  it('is stopped at the limit: the check is broken with the pattern and the limit, other checks judge, reports are written', async () => {
    const out = await runCli(['run', 'suites', ...REPORTS], { cwd: dir, env: { ANTHROPIC_API_KEY: undefined } });
    expect(out.code, out.stdout + out.stderr).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'out/results.json'), 'utf8')) as RunResult;
    const byId = new Map(result.suites[0]!.cases.map((c) => [c.id, c]));
    expect([...byId].map(([id, c]) => [id, c.status])).toEqual([
      ['regex', 'broken'],
      ['schema', 'broken'],
      ['fine', 'passed'],
    ]);

    const [regex, contains] = byId.get('regex')!.samples[0]!.assertions;
    expect(regex).toMatchObject({ name: 'regex', error: true, reason: expect.stringMatching(limitReason('regex')) });
    expect(contains).toMatchObject({ name: 'contains', pass: true });
    const [schema] = byId.get('schema')!.samples[0]!.assertions;
    expect(schema).toMatchObject({ name: 'json_schema', error: true, reason: expect.stringMatching(limitReason('json_schema')) });

    const junit = await readFile(path.join(dir, 'out/junit.xml'), 'utf8');
    const valid = await validateXML({ xml: { fileName: 'junit.xml', contents: junit }, schema: { fileName: 'junit-10-with-file-line.xsd', contents: xsd } });
    expect(valid.errors).toEqual([]);
    expect(junit).toContain(`did not finish within ${REGEX_TIME_LIMIT_MS} ms`);
    expect(out.stdout).toContain(`check broken: regex (line 8): regex could not run: /^(a+)+$/ did not finish within ${REGEX_TIME_LIMIT_MS} ms`);
  });

  it('Ctrl-C while catastrophic patterns are evaluated ends the run promptly, with reports', async () => {
    // What a whole small run takes on this machine now (start-up, replay, reports): the load's allowance.
    const started = performance.now();
    expect((await spawnCli(['run', 'suites', '--filter', 'fine'], { cwd: dir, env: { ANTHROPIC_API_KEY: undefined } })).code).toBe(0);
    const wholeRunMs = performance.now() - started;

    let sentAt = 0;
    // A real process: the signal is Node's, delivered while the main thread waits on a pattern.
    const out = await spawnCli(['run', 'many', ...REPORTS], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: undefined },
      onStdout: (text, child) => {
        // Once a case has been judged broken, others are in their regex.
        if (sentAt || !/^\? /m.test(text)) return;
        sentAt = performance.now();
        child.kill('SIGINT');
      },
    });
    const tookMs = performance.now() - sentAt;
    expect(out.code, out.stdout + out.stderr).toBe(3);
    const result = JSON.parse(await readFile(path.join(dir, 'out/results.json'), 'utf8')) as RunResult;
    expect(result.stopped).toMatchObject({ reason: 'interrupted' });
    const statuses = result.suites[0]!.cases.map((c) => c.status);
    // The cases judged before the interrupt are broken; the rest were in flight (a replay admits them all) or not started.
    expect(statuses.filter((s) => s === 'broken').length).toBeLessThan(statuses.length / 2);
    // Samples in flight are not judged: their patterns are not started once interrupted.
    expect(result.suites[0]!.cases.flatMap((c) => c.samples.map((s) => s.error?.message))).toContain(
      'interrupted before the sample was judged; its answered calls are counted',
    );
    // The evaluation under way ends at the limit, then the second for the rest.
    expect(tookMs).toBeLessThan(REGEX_TIME_LIMIT_MS + 1_000 + wholeRunMs);
  });
});
