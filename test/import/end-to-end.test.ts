import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-export.ts';
import { totals } from '../../src/run-result.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { fixture } from './helpers.ts';

// A triage model in miniature: tickets get classified with the tool, anything else a refusal.
const responder = (r: { messages: { content: unknown }[] }) => {
  const said = String(r.messages.at(-1)!.content);
  if (said.includes('weather')) return 'I can only help with support questions.';
  return {
    content: [{ type: 'tool_use' as const, name: 'classify_ticket', input: { category: 'billing', confidence: 0.93 } }],
    stop_reason: 'tool_use' as const,
  };
};

describe('import -> validate -> record -> replay', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ responder });
  });
  afterAll(() => sim.close());

  it('an imported Console export runs and passes, live and then offline', async () => {
    const dir = await tempProject({});
    const out = path.join(dir, 'suites', 'triage.yaml');
    const { yaml, files } = await importFile(fixture('support-triage.envelope.json'), { out, name: 'triage', cwd: dir });
    await mkdir(path.dirname(out), { recursive: true });
    for (const f of files) await writeFile(f.path, f.text);
    await writeFile(out, yaml);
    const [suite] = await loadSuites([out]);
    expect(suite!.cases.map((c) => c.id)).toEqual(['billing-double-charge', 'out-of-scope']);

    const recorded = await record(dir, sim.url);
    expect(totals(recorded)).toMatchObject({ passed: 2, failed: 0, errored: 0 });
    expect((await readdir(path.join(dir, 'fixtures', 'triage'))).sort()).toEqual(['billing-double-charge.json', 'out-of-scope.json']);

    const served = sim.stats.requests;
    const replayed = await replay(dir);
    expect(totals(replayed)).toMatchObject({ passed: 2, failed: 0, errored: 0 });
    expect(sim.stats.requests).toBe(served);
  });
});
