/**
 * Nothing promptgate ships breaks the API's rules: every suite it ships (suites/, the suite `init`
 * scaffolds, examples/) and every suite shown in a ```yaml block of docs/*.md or README.md validates
 * under the default API version, the one the installed SDK sends. A block meant to show an error is
 * marked `<!-- invalid -->` on the line before it, and must fail. A block that is no suite (an
 * assertion list, a workflow, a price file) must set no sampling parameter, which no version-free
 * fragment may recommend. And each of them records cleanly: sent to the simulator, which refuses what
 * the published API refuses, no call of theirs (graders included) is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffold } from '../../src/init/scaffold.ts';
import { InputError } from '../../src/input-error.ts';
import { apiVersionOfSdk } from '../../src/models/api-version.ts';
import type { RunResult } from '../../src/run-result.ts';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import { startSimulator } from '../support/sim/index.ts';

interface Block {
  doc: string;
  line: number;
  yaml: string;
  invalid: boolean;
}

const DOCS = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const blocks: Block[] = DOCS.flatMap((doc) => {
  const text = readFileSync(doc, 'utf8');
  return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => {
    const before = text.slice(0, m.index);
    return { doc, line: before.split('\n').length, yaml: m[1]!, invalid: before.endsWith('<!-- invalid -->\n') };
  });
});
/** A suite has top-level cases; fragments (abridged with `...`) need not even parse. */
const isSuite = (b: Block) => /^cases:/m.test(b.yaml);
/** A block that opens with `# examples/…` is that file (test/docs/example-files.test.ts), loaded with the examples, beside the files it names. */
const isExampleFile = (b: Block) => b.yaml.startsWith('# examples/');
const suites = blocks.filter((b) => isSuite(b) && !isExampleFile(b));
const fragments = blocks.filter((b) => !isSuite(b));

async function problemsOf(yaml: string, name = 'suite'): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-doc-'));
  await writeFile(path.join(dir, `${name}.yaml`), yaml);
  try {
    const [suite] = await loadSuites([dir]);
    expect(suite!.warnings, 'the docs name no model at its end of life').toBeUndefined();
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map((d) => d.message);
    throw e;
  }
}

describe('shipped YAML, under the default API version', () => {
  it('the default is the version the installed SDK sends', () => expect(apiVersionOfSdk()).toBe('2026-10-21'));

  it('the project suites, the examples and the suite init scaffolds are valid', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-init-'));
    await scaffold(dir);
    const loaded = await loadSuites(['suites/', 'examples/', path.join(dir, 'suites')]);
    expect(loaded.map((s) => s.name)).toEqual(
      expect.arrayContaining(['support-triage', 'contact-extraction', 'refusal-boundaries', 'assertions-tour', 'ticket-router', 'example']),
    );
  });

  it('finds the docs examples', () => {
    expect(suites.filter((b) => b.doc === 'docs/suite-format.md').length).toBeGreaterThanOrEqual(9);
    expect(suites.filter((b) => b.doc === 'README.md').length).toBeGreaterThanOrEqual(1);
  });

  it.each(suites.map((b) => [`${b.doc}:${b.line}`, b] as const))('%s is a valid suite, or fails where it is marked invalid', async (_, b) => {
    const problems = await problemsOf(b.yaml);
    if (b.invalid) expect(problems, 'marked <!-- invalid -->, so it must fail').not.toEqual([]);
    else expect(problems).toEqual([]);
  });

  it.each(fragments.map((b) => [`${b.doc}:${b.line}`, b] as const))('%s (not a suite) sets no sampling parameter', (_, b) => {
    expect(b.yaml).not.toMatch(/^\s*-?\s*(temperature|top_p|top_k)\s*:/m);
  });
});

describe('shipped YAML records cleanly against the strict simulator', () => {
  /** Records `dirs` into a fresh fixtures folder; the calls the simulator refused, as `suite/case: message`. */
  async function refusedCalls(dirs: string[], baseURL: string): Promise<string[]> {
    const fixtures = await mkdtemp(path.join(tmpdir(), 'promptgate-fixtures-'));
    const live = new LiveTransport({ apiKey: 'sk-local-simulator', baseURL });
    const transport = new RecordTransport(new ReplayTransport(fixtures), live, 'all');
    const result: RunResult = await runSuites(await loadSuites(dirs), { transport, concurrency: 4, toolVersion: 'test', allowOnly: true });
    return result.suites.flatMap((s) =>
      s.cases.flatMap((c) => c.samples.flatMap((x) => (x.error?.status === 400 || x.error?.status === 404 ? [`${s.name}/${c.id}: ${x.error.message}`] : []))),
    );
  }

  it('the project suites, the examples, the init suite and every docs suite: no call is refused', async () => {
    const sim = await startSimulator();
    try {
      const init = await mkdtemp(path.join(tmpdir(), 'promptgate-init-'));
      await scaffold(init);
      const groups = [['suites/'], ['examples/'], [path.join(init, 'suites')]];
      for (const b of suites.filter((x) => !x.invalid)) {
        const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-doc-'));
        await writeFile(path.join(dir, 'suite.yaml'), b.yaml);
        groups.push([dir]);
      }
      const refused = (await Promise.all(groups.map((dirs) => refusedCalls(dirs, sim.url)))).flat();
      expect(refused).toEqual([]);
      expect(sim.stats.served, 'every group sent its calls').toBeGreaterThan(groups.length);
      expect(Object.keys(sim.stats.byStatus).filter((status) => status !== '200')).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
