/**
 * A synthetic replay project for the benches: one suite of N cases with three checks each (and a
 * json_schema check on request), and a recording for every case, as `promptgate run` would find them.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { CASSETTE_VERSION, cassetteFile, writeCassette } from '../src/cassette/cassette.ts';
import { requestKey } from '../src/canonical-json.ts';
import { loadSuites } from '../src/suite/load.ts';
import { normalizedRequest } from '../src/transport/replay.ts';
import type { Call } from '../src/transport/types.ts';

export async function replayProject(n: number, options: { jsonSchema?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `promptgate-bench-${n}-`));
  const schema = options.jsonSchema ? '      - json_schema: { type: object, required: [category] }\n' : '';
  const cases = Array.from(
    { length: n },
    (_, i) =>
      `  - id: case-${i}\n    prompt: "Classify ticket ${i}: my invoice shows the wrong amount"\n    assert:\n      - contains: "billing"\n      - not: { contains: "refund" }\n      - max_output_tokens: 50\n${schema}`,
  ).join('');
  await writeFile(path.join(dir, 'bench.yaml'), `name: bench\nmodel: claude-haiku-4-5\nmax_tokens: 100\nsystem: "You route tickets."\ncases:\n${cases}`);
  const [suite] = await loadSuites([path.join(dir, 'bench.yaml')]);
  // 500 files at a time: 50,000 writes at once run out of file descriptors (EMFILE).
  const limit = pLimit(500);
  await Promise.all(
    suite!.cases.map((c, i) =>
      limit(() => {
        const call: Call = { suite: 'bench', suiteFile: 'bench.yaml', caseId: c.id, repeat: 1, role: 'case', index: 0, params: c.request, stream: false };
        const request = normalizedRequest(call);
        const text = options.jsonSchema ? JSON.stringify({ category: 'billing', ticket: i }) : `Category: billing (ticket ${i}).`;
        return writeCassette(cassetteFile(path.join(dir, 'fixtures'), call), {
          promptgate_cassette: CASSETTE_VERSION,
          key: requestKey(request),
          call: `bench/${c.id}`,
          recorded_at: '2026-11-01T00:00:00.000Z',
          request,
          response: { message: benchMessage(`msg_${i}`, text) },
          latency_ms: 420,
        });
      }),
    ),
  );
  return dir;
}

/** The answer every bench recording holds, as the API sends it. */
export function benchMessage(id: string, text: string): never {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    container: null,
    content: [{ type: 'text', text, citations: null }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    stop_details: null,
    usage: {
      input_tokens: 40,
      output_tokens: 9,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
    },
  } as never;
}
