import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cassetteFile } from '../../src/cassette/cassette.ts';
import { totals, type RunResult } from '../../src/run-result.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';

const SUITE = (file: string) => `
name: tickets
model: claude-haiku-4-5
max_tokens: 50
cases:
  - id: greeting
    prompt: "Say hello"
  - dataset: { file: ${file}, id: ticket_id }
    prompt: "Ticket {{ticket_id}}. Reply with one word: {{message}}"
    assert:
      - equals: "{{expected}}"
`;

const TOPICS = ['billing', 'account', 'shipping', 'refund'];
/** 20 rows, keyed T-001…T-020, in no particular order: ids come from the key, not the row number. */
const ROWS = Array.from({ length: 20 }, (_, i) => ({
  ticket_id: `T-${String(20 - i).padStart(3, '0')}`,
  message: `a question about ${TOPICS[i % 4]}`,
  expected: TOPICS[i % 4]!,
}));
const csv = (rows: typeof ROWS) => ['ticket_id,message,expected', ...rows.map((r) => `${r.ticket_id},"${r.message}",${r.expected}`)].join('\n') + '\n';
const jsonl = (rows: typeof ROWS) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** The model answers with the prompt's last word, which the rows' expected column holds. */
const responder = (r: { messages: { content: unknown }[] }) => String(r.messages.at(-1)!.content).split(' ').at(-1)!;

const recording = (dir: string, caseId: string) => cassetteFile(path.join(dir, 'fixtures'), { suite: 'tickets', caseId, repeat: 1, role: 'case', index: 0 });

const byStatus = (result: RunResult, status: string) => result.suites.flatMap((s) => s.cases.filter((c) => c.status === status).map((c) => c.id)).sort();

describe.each([
  ['CSV', 'tickets.csv', csv],
  ['JSONL', 'tickets.jsonl', jsonl],
])('a %s dataset recorded and replayed', (_kind, file, write) => {
  let sim: Simulator;
  let dir: string;
  let recorded: RunResult;

  beforeAll(async () => {
    sim = await startSimulator({ responder });
    dir = await tempProject({ 'suites/tickets.yaml': SUITE(file), [`suites/${file}`]: write(ROWS) });
    recorded = await record(dir, sim.url);
  });
  afterAll(() => sim.close());

  it('records one cassette per row, named by its key, and replays every row offline', async () => {
    expect(totals(recorded)).toMatchObject({ passed: 21, failed: 0, errored: 0 });
    const cassettes = (await readdir(path.join(dir, 'fixtures/tickets'))).sort();
    expect(cassettes).toEqual(['greeting', ...ROWS.map((r) => r.ticket_id)].map((id) => path.basename(recording(dir, id))).sort());
    const before = sim.stats.requests;
    const replayed = await replay(dir);
    expect(totals(replayed)).toMatchObject({ passed: 21, errored: 0 });
    expect(sim.stats.requests).toBe(before);
  });

  it('a row added at the top: --record calls the model once, for that row, and every other row replays', async () => {
    const added = { ticket_id: 'T-021', message: 'a question about refund', expected: 'refund' };
    await writeFile(path.join(dir, `suites/${file}`), write([added, ...ROWS]));
    const before = sim.stats.served;
    const result = await record(dir, sim.url);
    expect(sim.stats.served - before).toBe(1);
    expect(totals(result)).toMatchObject({ passed: 22, errored: 0 });
    expect(await readFile(recording(dir, 'T-021'), 'utf8')).toContain('T-021');
  });

  it('a row edited: replay says exactly that case is stale, with the diff of its request', async () => {
    const edited = ROWS.map((r) => (r.ticket_id === 'T-007' ? { ...r, message: 'a question about my refund', expected: 'refund' } : r));
    await writeFile(path.join(dir, `suites/${file}`), write(edited));
    const result = await replay(dir);
    expect(byStatus(result, 'errored')).toEqual(['T-007']);
    const error = result.suites[0]!.cases.find((c) => c.id === 'T-007')!.samples[0]!.error!;
    expect(error.type).toBe('stale_recording');
    expect(error.diff).toBe('~ messages[0].content: "…d: a question about account" → "…d: a question about my refund"');
    // The row added before is gone again: its recording stays, nothing else changed.
    expect(totals(result)).toMatchObject({ passed: 20, errored: 1 });
  });

  it('rows reordered and a row appended at the end: no id moves, so nothing else is stale', async () => {
    await writeFile(
      path.join(dir, `suites/${file}`),
      write([...ROWS].reverse().concat({ ticket_id: 'T-021', message: 'a question about refund', expected: 'refund' })),
    );
    const result = await replay(dir);
    expect(totals(result)).toMatchObject({ passed: 22, errored: 0 });
  });
});
