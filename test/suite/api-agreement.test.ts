/**
 * promptgate's rules table (schema/models.json, applied by `validate`) against the simulator's
 * (test/support/sim/api-rules.ts, written from the docs apart from it), cell by cell: every model
 * both know and neither has retired, under each API version, with every parameter and content shape
 * a suite can set. Each cell is one description turned into both a suite case and a Messages API
 * body by one function, so the two sides judge the same request; they must agree on accept or refuse.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError, type Diagnostic } from '../../src/input-error.ts';
import { modelFile } from '../../src/models/model-table.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { MODELS, simulatorVerdict } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

/** Both sides judge retirements on this day, so the grid does not change with the calendar. */
const DAY = '2026-12-06';
const VERSIONS = ['2023-06-01', '2026-10-21'] as const;
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
/** The most max_tokens the suite schema takes (schema/suite.schema.json). */
const SUITE_MAX_TOKENS = 128_000;

type Message = { role: 'user' | 'assistant'; content: unknown };

/** One cell's request, in the suite's own keys (effort, not output_config.effort). */
interface Settings {
  max_tokens: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  thinking?: { type: string; budget_tokens?: number };
  effort?: (typeof EFFORTS)[number];
  tools?: { name: string; input_schema: object }[];
  tool_choice?: { type: string; name?: string };
  messages: Message[];
}

interface Cell {
  model: string;
  version: (typeof VERSIONS)[number];
  shape: string;
  settings: Settings;
}

const ASK: Message = { role: 'user', content: 'Summarise the memo.' };
const TOOLS = [{ name: 'route', input_schema: { type: 'object' } }];
const MANUAL = { type: 'enabled', budget_tokens: 2048 };
const CITATION = { type: 'char_location', cited_text: 'The memo.', document_index: 0, start_char_index: 0, end_char_index: 9 };

/** The shapes, each a change to a plain request; `null` where the suite cannot express it for this model. */
const SHAPES: [name: string, build: (model: string) => Partial<Settings> | null][] = [
  ['baseline', () => ({})],
  ['temperature 1', () => ({ temperature: 1 })],
  ['temperature 0.5', () => ({ temperature: 0.5 })],
  ['top_p', () => ({ top_p: 0.9 })],
  ['top_k', () => ({ top_k: 40 })],
  ['temperature + top_p', () => ({ temperature: 0.5, top_p: 0.9 })],
  ['thinking enabled', () => ({ thinking: MANUAL, max_tokens: 4096 })],
  ['thinking enabled, budget = max_tokens', () => ({ thinking: MANUAL, max_tokens: 2048 })],
  ['thinking enabled + temperature 1', () => ({ thinking: MANUAL, max_tokens: 4096, temperature: 1 })],
  ['thinking enabled + temperature 0.5', () => ({ thinking: MANUAL, max_tokens: 4096, temperature: 0.5 })],
  ['thinking enabled + tool_choice any', () => ({ thinking: MANUAL, max_tokens: 4096, tools: TOOLS, tool_choice: { type: 'any' } })],
  ['thinking adaptive', () => ({ thinking: { type: 'adaptive' } })],
  ['thinking disabled', () => ({ thinking: { type: 'disabled' } })],
  ...EFFORTS.map((effort): [string, () => Partial<Settings>] => [`thinking disabled, effort ${effort}`, () => ({ thinking: { type: 'disabled' }, effort })]),
  ['between_tools', () => ({ thinking: { type: 'between_tools' } })],
  ...EFFORTS.map((effort): [string, () => Partial<Settings>] => [`between_tools, effort ${effort}`, () => ({ thinking: { type: 'between_tools' }, effort })]),
  ['tool_choice any', () => ({ tools: TOOLS, tool_choice: { type: 'any' } })],
  ['tool_choice tool', () => ({ tools: TOOLS, tool_choice: { type: 'tool', name: 'route' } })],
  ['tool_choice auto', () => ({ tools: TOOLS, tool_choice: { type: 'auto' } })],
  ['assistant prefill', () => ({ messages: [ASK, { role: 'assistant', content: '{' }] })],
  ['assistant prefill ending in whitespace', () => ({ messages: [ASK, { role: 'assistant', content: 'Name: ' }] })],
  // What a pause_turn continuation sends: the API's own paused turn back, which no model takes as a prefill.
  [
    'a paused server-tool turn sent back',
    () => ({ messages: [ASK, { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'memo' } }] }] }),
  ],
  ['assistant prefill + thinking enabled', () => ({ thinking: MANUAL, max_tokens: 4096, messages: [ASK, { role: 'assistant', content: '{' }] })],
  ...EFFORTS.map((effort): [string, () => Partial<Settings>] => [`effort ${effort}`, () => ({ effort })]),
  // Above the model's max output, where the suite schema can say it: not for a model whose max is the schema's own.
  [
    'max_tokens above max output',
    (model) => {
      const max = modelFile().models[model]?.limits?.maxOutput;
      return max !== undefined && max < SUITE_MAX_TOKENS ? { max_tokens: max + 1 } : null;
    },
  ],
  [
    'max_tokens at max output',
    (model) => {
      const max = modelFile().models[model]?.limits?.maxOutput;
      return max !== undefined ? { max_tokens: max } : null;
    },
  ],
  [
    'document in an assistant turn',
    () => ({
      messages: [
        ASK,
        { role: 'assistant', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The memo.' } }] },
        { role: 'user', content: 'Shorter.' },
      ],
    }),
  ],
  ['citations on user text', () => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Quoted.', citations: [CITATION] }] }] })],
];

/**
 * The models in the grid: those both tables list that neither has retired by DAY. Retirement is
 * out by design: promptgate warns about a retired model (recordings still replay) where the API
 * answers 404, so the two would disagree on every cell of one. (The tables also differ on when
 * Opus 4.1 retired: promptgate has 2026-08-05 from a third party, the simulator no date; either
 * way it is out of the grid.)
 */
function gridModels(): string[] {
  const ours = modelFile().models;
  return Object.keys(ours).filter((id) => {
    const life = ours[id]!.lifecycle;
    const retiredHere = life?.status === 'retired' || (life?.retires !== undefined && DAY > life.retires);
    const sim = MODELS[id];
    const retiredThere = sim?.retiredAfter !== undefined && DAY > sim.retiredAfter.day;
    return sim !== undefined && !retiredHere && !retiredThere;
  });
}

function cells(): Cell[] {
  return gridModels().flatMap((model) =>
    VERSIONS.flatMap((version) =>
      SHAPES.flatMap(([shape, build]) => {
        const change = build(model);
        return change ? [{ model, version, shape, settings: { max_tokens: 1024, messages: [ASK], ...change } }] : [];
      }),
    ),
  );
}

/** The one mapping from a cell to both sides: a suite case (YAML, JSON values inline) and the API body it sends. */
function requestOf(cell: Cell, id: string): { caseYaml: string; body: Record<string, unknown> } {
  const { effort, ...rest } = cell.settings;
  const lines = [`  - id: ${id}`, `    model: ${cell.model}`, `    api_version: "${cell.version}"`];
  for (const [key, value] of Object.entries(cell.settings)) lines.push(`    ${key}: ${JSON.stringify(value)}`);
  const body = { model: cell.model, ...rest, ...(effort ? { output_config: { effort } } : {}) };
  return { caseYaml: lines.join('\n'), body };
}

describe('validate and the simulator', () => {
  it('agree on every cell of the grid (model × API version × shape)', async () => {
    const grid = cells();
    const requests = grid.map((cell, i) => requestOf(cell, `c${i}`));
    // One suite, one case per cell; each case's diagnostics are found by its line range.
    const starts: number[] = [];
    // Every case names its own model; the suite's is only there because a suite must have one.
    const yaml = ['name: agreement', `model: ${grid[0]!.model}`, 'cases:'];
    for (const { caseYaml } of requests) {
      starts.push(yaml.length + 1);
      yaml.push(...caseYaml.split('\n'));
    }
    const dir = await tempProject({});
    const file = path.join(dir, 'agreement.yaml');
    await writeFile(file, `${yaml.join('\n')}\n`);
    let problems: Diagnostic[] = [];
    try {
      await loadSuites([file], { day: DAY });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems = e.diagnostics;
    }
    const cellAt = (line: number | undefined) => starts.findLastIndex((s) => line !== undefined && s <= line);
    const byCell = new Map<number, Diagnostic[]>();
    for (const d of problems) byCell.set(cellAt(d.line), [...(byCell.get(cellAt(d.line)) ?? []), d]);

    const disagreements: string[] = [];
    let refused = 0;
    for (const [i, cell] of grid.entries()) {
      const ours = (byCell.get(i) ?? []).map((d) => formatDiagnostic(d).replace(/^.*?: error: /, ''));
      const verdict = simulatorVerdict({ 'anthropic-version': cell.version }, requests[i]!.body, { day: DAY });
      const theirs = verdict.status === 200 ? undefined : `${verdict.status} ${verdict.message}`;
      if (theirs !== undefined) refused += 1;
      if (ours.length > 0 !== (theirs !== undefined)) {
        disagreements.push(
          `${cell.model} × ${cell.version} × ${cell.shape}\n    validate:  ${ours.join(' | ') || 'accepted'}\n    simulator: ${theirs ?? 'accepted'}`,
        );
      }
    }
    const excluded = Object.keys(modelFile().models).filter((id) => !gridModels().includes(id));
    console.log(
      `agreement grid: ${grid.length} cells (${gridModels().length} models × ${VERSIONS.length} API versions × up to ${SHAPES.length} shapes), ` +
        `${refused} refused by the simulator, ${disagreements.length} disagreements; out of it (retired by ${DAY}, or unknown to the simulator): ${excluded.join(', ')}`,
    );
    // A grid where one side refuses everything, or nothing, would agree without testing anything.
    expect(refused).toBeGreaterThan(grid.length / 4);
    expect(refused).toBeLessThan((grid.length * 3) / 4);
    expect((byCell.get(-1) ?? []).map(formatDiagnostic), 'diagnostics outside any case').toEqual([]);
    expect(disagreements, `${disagreements.length} cells disagree:\n${disagreements.join('\n')}`).toEqual([]);
  });
});
