/**
 * The gate on an app, as a team installs it: the packed tarball in a fresh project that holds the
 * support-desk app (examples/support-desk: its prompt file, a .ts request builder, a PDF and a PNG,
 * a CSV of 20 tickets). Recorded once against the simulator, then each kind of app change makes
 * exactly the recordings that used it stale, and says which file changed.
 */
import { execFile } from 'node:child_process';
import { cp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportDeskResponder } from '../../examples/support-desk/scripts/replies.ts';
import type { RunResult } from '../../src/run-result.ts';
import { installedProject } from '../support/packed.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';

const APP = path.resolve(import.meta.dirname, '../../examples/support-desk');
const KEY = `test-key-${Date.now().toString(36)}-app`;

let project: string;
let sim: Simulator;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The installed bin, with no key unless `live`, as from a user's terminal. */
async function promptgate(args: string[], live = false): Promise<Outcome> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ANTHROPIC_|GITHUB_|PROMPTGATE_|CI$)/.test(k)));
  const env = live ? { ...base, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url } : base;
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(project, 'node_modules/.bin/promptgate'), args, { cwd: project, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as Outcome;
    return { code, stdout, stderr };
  }
}

/** Replays into results.json: the ids of the cases whose recording is stale, and every stale diff. */
async function staleAfterReplay(): Promise<{ stale: string[]; diffs: string; out: Outcome }> {
  const out = await promptgate(['run', '--results', 'results.json']);
  const result = JSON.parse(await readFile(path.join(project, 'results.json'), 'utf8')) as RunResult;
  const cases = result.suites.flatMap((s) => s.cases.map((c) => ({ id: `${s.name}/${c.id}`, error: c.samples[0]?.error })));
  const stale = cases.filter((c) => c.error?.type === 'stale_recording');
  expect(cases.filter((c) => c.error && c.error.type !== 'stale_recording')).toEqual([]);
  return { stale: stale.map((c) => c.id).sort(), diffs: stale.map((c) => c.error!.diff).join('\n'), out };
}

/** Edits a file of the app for one test, and puts it back afterwards. */
async function editing(file: string, edit: (text: Buffer) => Buffer, then: () => Promise<void>): Promise<void> {
  const at = path.join(project, file);
  const before = await readFile(at);
  await writeFile(at, edit(before));
  try {
    await then();
  } finally {
    await writeFile(at, before);
  }
}

const replace = (from: string, to: string) => (text: Buffer) => {
  expect(text.includes(from), `the file holds ${JSON.stringify(from)}`).toBe(true);
  return Buffer.from(text.toString('latin1').replace(from, to), 'latin1');
};

const TRIAGE = Array.from({ length: 20 }, (_, i) => `triage/T-${1001 + i}`);

beforeAll(async () => {
  project = await installedProject();
  for (const dir of ['prompts', 'data', 'inputs', 'src', 'suites']) await cp(path.join(APP, dir), path.join(project, dir), { recursive: true });
  sim = await startSimulator({ responder: supportDeskResponder });
}, 240_000);
afterAll(() => sim?.close());

describe('an app under the gate, installed from the tarball', { timeout: 120_000 }, () => {
  it("records once, replays green offline, and no recording holds an attachment's bytes", async () => {
    const recorded = await promptgate(['run', '--record'], true);
    expect(recorded.stdout).toMatch(/^24 passed, 0 failed, 0 errored, 0 skipped \(24 cases, record\)/m);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(sim.stats.served).toBe(24);

    const replayed = await promptgate(['run']);
    expect(replayed.stdout).toMatch(/^24 passed, 0 failed, 0 errored, 0 skipped \(24 cases, replay\)/m);
    expect(replayed.code).toBe(0);

    const recordings = (await readdir(path.join(project, 'fixtures'), { recursive: true })).filter((f) => f.endsWith('.json'));
    expect(recordings).toHaveLength(24);
    const texts = await Promise.all(recordings.map((f) => readFile(path.join(project, 'fixtures', f), 'utf8')));
    for (const input of ['inputs/invoice.pdf', 'inputs/receipt.png']) {
      const base64 = (await readFile(path.join(project, input))).toString('base64');
      for (const text of texts) expect(text).not.toContain(base64.slice(8, 48));
    }
  });

  it('one line of the prompt file edited: exactly the cases that read it are stale, the file named', async () => {
    await editing('prompts/triage.md', replace('exactly one word', 'one word'), async () => {
      const { stale, diffs, out } = await staleAfterReplay();
      expect(stale).toEqual(TRIAGE);
      expect(diffs).toContain('(from prompts/triage.md:3)');
      expect(out.code).toBe(3);
    });
  });

  it("the app's request builder changed: exactly its cases are stale, with what it now sends", async () => {
    await editing('src/reply.ts', replace('at most two friendly sentences', 'at most three friendly sentences'), async () => {
      const { stale, diffs } = await staleAfterReplay();
      expect(stale).toEqual(['reply/export-crash', 'reply/refund-window']);
      expect(diffs).toContain('three friendly sentences');
    });
  });

  it('one byte of the PDF changed: exactly the case that attaches it is stale, the PDF named', async () => {
    await editing('inputs/invoice.pdf', replace('total 118.00', 'total 119.00'), async () => {
      const { stale, diffs } = await staleAfterReplay();
      expect(stale).toEqual(['invoice/invoice-42']);
      expect(diffs).toContain('inputs/invoice.pdf');
    });
  });

  it('every relative link in the docs it ships resolves inside the installed package', async () => {
    const installed = path.join(project, 'node_modules/promptgate');
    const docs = ['README.md', ...(await readdir(path.join(installed, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    for (const doc of docs) {
      const text = await readFile(path.join(installed, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue; // https:, mailto:
        const file = path.resolve(path.dirname(path.join(installed, doc)), target!);
        if (!(await stat(file).catch(() => undefined))) broken.push(`${doc} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('a problem in the prompt file or a CSV row is said at its place in that file, exit 2', async () => {
    await editing('prompts/triage.md', replace('{{company}}', '{{compnay}}'), async () => {
      const out = await promptgate(['validate']);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^prompts\/triage\.md:1:\d+: error: undefined variable '\{\{compnay\}\}'.*did you mean 'company'/m);
      expect(out.stderr).not.toMatch(/^\s+at /m);
    });
    await editing('data/tickets.csv', replace('T-1002,Ben', 'T-1001,Ben'), async () => {
      const out = await promptgate(['validate']);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^data\/tickets\.csv:3:\d+: error: .*T-1001/m);
    });
  });
});
