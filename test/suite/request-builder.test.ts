/**
 * `request: { module, export }`: the app's own TypeScript function builds each case's request. What
 * it returns is validated, recorded, keyed and replayed; a change to it is a stale recording; each
 * way it can go wrong is one error at the `request:` line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { plan } from '../../src/runner/plan.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { APP_CODE_TIMEOUT_MS } from '../../src/suite/app-module.ts';
import { spawnCli } from '../support/cli.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The app's builder, in TypeScript (types, an interface, an async function using vars and the case id). */
const TRIAGE = `import type Anthropic from '@anthropic-ai/sdk';

interface Input { vars: Record<string, string | number | boolean>; caseId: string }

export async function buildTriageRequest({ vars, caseId }: Input): Promise<Anthropic.MessageCreateParams> {
  const system: string = await Promise.resolve(\`You triage tickets for \${vars.company}.\`);
  return { model: 'claude-haiku-4-5', system, messages: [{ role: 'user', content: \`[\${caseId}] \${vars.ticket}\` }] };
}

export function streaming({ vars }: Input) {
  return { model: 'claude-haiku-4-5', max_tokens: 48, stream: true, messages: [{ role: 'user' as const, content: String(vars.ticket) }] };
}
`;

const SUITE = `name: triage
model: claude-haiku-4-5
request: { module: ../src/triage.ts, export: buildTriageRequest }
max_tokens: 64
vars: { company: Acme }
cases:
  - id: billing
    vars: { ticket: I was charged twice }
    assert:
      - contains: "[billing] I was charged twice"
  - id: login
    vars: { ticket: I cannot log in }
    assert:
      - contains: "[login] I cannot log in"
`;

async function project(suite = SUITE, builder = TRIAGE): Promise<string> {
  return tempProject({ 'suites/triage.yaml': suite, 'src/triage.ts': builder });
}

/** The one problem loading reports, as the CLI prints it, with the temp folder cut off. */
async function loadError(dir: string): Promise<string> {
  const error = await loadSuites([path.join(dir, 'suites')]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).message.replaceAll(dir + path.sep, '');
}

describe('the app’s request builder', () => {
  it('builds each case’s request from its vars and id; the suite’s keys fill only what it leaves out', async () => {
    const [suite] = await loadSuites([path.join(await project(), 'suites')]);
    expect(suite!.cases.map((c) => c.request)).toEqual([
      {
        model: 'claude-haiku-4-5',
        max_tokens: 64,
        system: 'You triage tickets for Acme.',
        messages: [{ role: 'user', content: '[billing] I was charged twice' }],
      },
      { model: 'claude-haiku-4-5', max_tokens: 64, system: 'You triage tickets for Acme.', messages: [{ role: 'user', content: '[login] I cannot log in' }] },
    ]);
    expect(suite!.cases.map((c) => c.stream)).toEqual([false, false]);
  });

  it('is recorded against the simulator and replayed; a change to what it builds makes exactly those recordings stale', async () => {
    sim = await startSimulator();
    const dir = await project();
    const recorded = await record(dir, sim.url);
    expect(recorded.suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'passed']);
    const cassette = JSON.parse(await readFile(path.join(dir, 'fixtures/triage/billing.json'), 'utf8')) as { request: { system: string; messages: unknown[] } };
    expect(cassette.request.system).toBe('You triage tickets for Acme.');
    expect(cassette.request.messages).toEqual([{ role: 'user', content: '[billing] I was charged twice' }]);
    expect((await replay(dir)).suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'passed']);

    // The app's code changes what it sends for one case only: that recording is stale, the other replays.
    await writeFile(
      path.join(dir, 'src/triage.ts'),
      TRIAGE.replace('content: `[${caseId}] ${vars.ticket}`', "content: caseId === 'login' ? `[${caseId}] ${vars.ticket}!` : `[${caseId}] ${vars.ticket}`"),
    );
    // A process of its own: this one has imported the module as it was.
    const out = await spawnCli(['run'], { cwd: dir });
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('stale recording for triage/login: the request changed since it was recorded');
    expect(out.stdout).toContain('~ messages[0].content: "…gin] I cannot log in" → "…gin] I cannot log in!"');
    expect(out.stdout).not.toContain('triage/billing: the request changed');
  });

  it('stream: true in the built request makes the case stream, recorded as events and replayed', async () => {
    sim = await startSimulator();
    const dir = await project(SUITE.replace('export: buildTriageRequest', 'export: streaming'));
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => [c.stream, 'stream' in c.request])).toEqual([
      [true, false],
      [true, false],
    ]);
    await record(dir, sim.url);
    const cassette = JSON.parse(await readFile(path.join(dir, 'fixtures/triage/billing.json'), 'utf8')) as { response: Record<string, unknown> };
    expect(Object.keys(cassette.response)).toContain('events');
    expect((await replay(dir)).suites[0]!.cases.map((c) => c.samples[0]!.error?.message ?? c.status)).toEqual(['failed', 'failed']);
  });

  it('a case may name its own builder, and the builder may leave the messages to the case', async () => {
    const builder = `export default ({ vars }: { vars: Record<string, unknown> }) => ({ model: 'claude-haiku-4-5', max_tokens: 32, system: 'Reply in ' + vars.lang });\n`;
    const dir = await tempProject({
      'suites/s.yaml':
        'name: s\nmodel: claude-haiku-4-5\ncases:\n  - id: a\n    request: { module: ../src/b.ts }\n    vars: { lang: French }\n    prompt: Bonjour\n  - id: b\n    prompt: hi\n',
      'src/b.ts': builder,
    });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => c.request)).toEqual([
      { model: 'claude-haiku-4-5', max_tokens: 32, system: 'Reply in French', messages: [{ role: 'user', content: 'Bonjour' }] },
      { model: 'claude-haiku-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] },
    ]);
  });

  it('where the builder and the suite both set a key, the builder wins and a warning says so at the suite’s key', async () => {
    const dir = await project(SUITE.replace('model: claude-haiku-4-5\n', 'model: claude-sonnet-4-6\n'));
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases[0]!.request.model).toBe('claude-haiku-4-5');
    expect(suite!.warnings?.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      "2:8: model is not sent: ../src/triage.ts#buildTriageRequest sets model itself (the builder's request wins)",
    ]);
  });

  it('models: runs the built request under each model, only its model changed', async () => {
    const dir = await project(SUITE.replace('max_tokens: 64\n', 'max_tokens: 64\nmodels: [claude-haiku-4-5, claude-sonnet-4-6]\n'));
    const planned = plan(await loadSuites([path.join(dir, 'suites')])).cases.filter((p) => p.case.id === 'billing');
    expect(planned.map((p) => p.case.request)).toEqual(
      ['claude-haiku-4-5', 'claude-sonnet-4-6'].map((model) => ({
        model,
        max_tokens: 64,
        system: 'You triage tickets for Acme.',
        messages: [{ role: 'user', content: '[billing] I was charged twice' }],
      })),
    );
  });

  it('a suite with a builder needs no model: of its own; without one it still does', async () => {
    const dir = await project(SUITE.replace('model: claude-haiku-4-5\n', ''));
    expect((await loadSuites([path.join(dir, 'suites')]))[0]!.cases[0]!.request.model).toBe('claude-haiku-4-5');
    const none = await tempProject({ 'suites/s.yaml': 'name: s\ncases:\n  - id: a\n    prompt: hi\n' });
    expect(await loadError(none)).toBe("suites/s.yaml:1:1: error: the suite is missing required key 'model'");
  });

  it('a misspelt request: is said once, not as a case without a prompt', async () => {
    const dir = await project(SUITE.replace('request: {', 'requst: {'));
    expect(await loadError(dir)).toBe("suites/triage.yaml:3:1: error: unknown key 'requst' in the suite (did you mean 'request'?)");
  });

  it('the model rules judge the built request, at the request: line (the keys are not in the YAML)', async () => {
    const dir = await project(SUITE, TRIAGE.replace("model: 'claude-haiku-4-5', system,", "model: 'claude-haiku-4-5', system, temperature: 0.2,"));
    expect(await loadError(dir)).toBe(
      'suites/triage.yaml:3:10: error: remove temperature, or pin api_version: "2023-06-01", where Claude Haiku 4.5 takes it: API version 2026-10-21 rejects temperature, top_p and top_k at any value',
    );
  });
});

describe('a request builder that cannot give a request: one error at the request: line', () => {
  const at = 'suites/triage.yaml:3:10: error: request: ';
  const builder = (body: string) => project(SUITE, `${TRIAGE}\n${body}\n`);
  const using = (name: string) => SUITE.replace('export: buildTriageRequest', `export: ${name}`);

  it('a throw, with the line in the app’s module', async () => {
    const dir = await project(
      using('failing'),
      `${TRIAGE}\nexport function failing(input: { caseId: string }): never {\n  throw new Error('no ticket for ' + input.caseId);\n}\n`,
    );
    expect(await loadError(dir)).toBe(
      [
        `${at}../src/triage.ts#failing threw for case 'billing': Error: no ticket for billing (../src/triage.ts:15:9)`,
        `${at}../src/triage.ts#failing threw for case 'login': Error: no ticket for login (../src/triage.ts:15:9)`,
      ].join('\n'),
    );
  });

  it.each([
    [
      'a builder that returns a promise nothing settles',
      'never',
      `${TRIAGE}\nexport function never(): Promise<never> {\n  (globalThis as Record<string, unknown>).builderWaits = true;\n  return new Promise(() => {});\n}\n`,
      "../src/triage.ts#never did not answer for case 'billing'",
    ],
    [
      'a module whose top-level await never settles',
      'stuck',
      `(globalThis as Record<string, unknown>).builderWaits = true;\nawait new Promise(() => {});\nexport function stuck() {}\n`,
      'module ../src/triage.ts did not load',
    ],
  ])('%s: one error at the request: line after a minute, not Node ending the run with exit 13', async (_name, name, code, what) => {
    const dir = await project(using(name), code);
    const flags = globalThis as Record<string, unknown>;
    delete flags.builderWaits;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let message: string | undefined;
      void loadError(dir).then((m) => (message = m));
      // The module loads for real (file reads, over turns of the loop) until it waits; then fake time runs out
      // each wait (one a case: both cases call the builder).
      const turns = async (n: number, done: () => boolean) => {
        for (let turn = 0; turn < n && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
      };
      await turns(100_000, () => flags.builderWaits === true);
      for (let wait = 0; wait < 10 && message === undefined; wait++) {
        await vi.advanceTimersByTimeAsync(APP_CODE_TIMEOUT_MS);
        await turns(1_000, () => message !== undefined);
      }
      expect(message?.split('\n')[0]).toBe(`${at}${what} within 60 s: it may await a promise that never settles`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a wrong shape, each problem named', async () => {
    const dir = await project(
      using('wrong'),
      `${TRIAGE}\nexport const wrong = () => ({ model: 7, max_tokens: 1.5, temperature: 0.5, messages: [{ role: 'bot', content: 1 }, 'hi'], tools: {}, stream: 'yes' });\n`,
    );
    // One error a case, nothing else: the model rules wait for a request that has the right shape.
    expect((await loadError(dir)).split('\n').map((line) => line.slice(0, line.indexOf(' returned ')))).toEqual([
      `${at}../src/triage.ts#wrong`,
      `${at}../src/triage.ts#wrong`,
    ]);
    expect((await loadError(dir)).split('\n')[0]).toBe(
      `${at}../src/triage.ts#wrong returned a request for case 'billing' the API would refuse: stream is "yes", not true or false; model is 7, not a model id; max_tokens is 1.5, not a whole number above 0; messages[0].role is "bot", not user or assistant; messages[0].content is 1, not text or a list of blocks; messages[1] is "hi", not a { role, content } turn; tools is {}, not a list`,
    );
  });

  it('not an object, not JSON, or without messages', async () => {
    await builder('');
    const cases = [
      [
        'nothing',
        'export const nothing = () => undefined;',
        "returned undefined for case 'billing'; return the Messages API request (an object with model, max_tokens and messages)",
      ],
      [
        'text',
        "export const text = async () => 'hello';",
        `returned "hello" for case 'billing'; return the Messages API request (an object with model, max_tokens and messages)`,
      ],
      [
        'dated',
        "export const dated = () => ({ model: 'claude-haiku-4-5', messages: [], metadata: { at: new Date(0), f: () => 1, n: NaN } });",
        "returned a request for case 'billing' that is not JSON: metadata.at is a Date, not plain JSON; metadata.f is a function; metadata.n is NaN",
      ],
      [
        'cyclic',
        "export const cyclic = () => { const metadata: Record<string, unknown> = {}; metadata.self = metadata; return { model: 'claude-haiku-4-5', messages: [], metadata }; };",
        "returned a request for case 'billing' that is not JSON: metadata.self is circular (it holds an object that holds it)",
      ],
      [
        'bare',
        "export const bare = () => ({ model: 'claude-haiku-4-5' });",
        "returned a request for case 'billing' the API would refuse: it has no messages (return them, or give the case a prompt or messages)",
      ],
    ];
    for (const [name, body, message] of cases) {
      const dir = await project(using(name!), `${TRIAGE}\n${body}\n`);
      expect((await loadError(dir)).split('\n')[0]).toBe(`${at}../src/triage.ts#${name} ${message}`);
    }
  });

  it('a missing export, with a did-you-mean over the module’s functions', async () => {
    const dir = await project(using('buildTriageRequst'));
    expect(await loadError(dir)).toBe(
      `${at}../src/triage.ts has no export 'buildTriageRequst' (did you mean 'buildTriageRequest'?); its functions: buildTriageRequest, streaming`,
    );
  });

  it('one error, not a cascade: the checks that read the request (tool names, model rules) wait for it', async () => {
    const dir = await project(
      SUITE.replace('export: buildTriageRequest', 'export: nothing').replace(
        '      - contains: "[billing] I was charged twice"',
        '      - tool_called: classify_ticket',
      ),
    );
    expect(await loadError(dir)).toBe(`${at}../src/triage.ts has no export 'nothing'; its functions: buildTriageRequest, streaming`);
  });

  it('a missing module', async () => {
    const dir = await project(SUITE.replace('../src/triage.ts', '../src/triage.mts'));
    expect(await loadError(dir)).toBe(`${at}module ../src/triage.mts not found (looked for ${path.join('src', 'triage.mts')})`);
  });

  it('through the CLI: exit 2, the syntax error at its file:line:col in the module, no stack', async () => {
    const dir = await project(SUITE, TRIAGE.replace('const system: string =', 'const system: string = (;'));
    // A real process: Node's own loader reports the syntax error (in-process, vitest's transform would).
    const out = await spawnCli(['validate'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`${at}module ../src/triage.ts does not load: SyntaxError: Expression expected (../src/triage.ts:6:27)\n`);
  });
});
