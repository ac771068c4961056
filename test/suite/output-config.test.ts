/** effort: and output_schema: become the request's output_config, and a schema implies its json_schema check. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { startSimulator, type SimRequest, type Simulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';

const PERSON = '{ "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"], "additionalProperties": false }';
const SUITE = `
name: structured
model: claude-sonnet-5-5
effort: low
output_schema: person.schema.json
cases:
  - id: suite-settings
    prompt: "Extract: Alice"
  - id: own-settings
    effort: high
    output_schema: { type: object, properties: { city: { type: string } } }
    prompt: "Extract: Lisbon"
  - id: already-checked
    prompt: "Extract: Bob"
    assert:
      - json_schema: person.schema.json
`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('effort and output_schema', () => {
  it('set output_config (effort, and format from the schema file or inline), the case over the suite key by key', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'suites/person.schema.json': PERSON });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    const [a, b] = suite!.cases;
    expect(a!.request.output_config).toEqual({ effort: 'low', format: { type: 'json_schema', schema: JSON.parse(PERSON) } });
    expect(b!.request.output_config).toEqual({
      effort: 'high',
      format: { type: 'json_schema', schema: { type: 'object', properties: { city: { type: 'string' } } } },
    });
  });

  it('a schema implies a json_schema assertion on the answer, located at output_schema, unless the case already checks that schema', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'suites/person.schema.json': PERSON });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    const [a, b, c] = suite!.cases;
    expect(a!.assert.map((s) => [s.name, s.args, s.label, s.loc.line, s.loc.col])).toEqual([['json_schema', 'person.schema.json', 'output_schema', 5, 16]]);
    expect(b!.assert.map((s) => [s.name, s.label, s.loc.line])).toEqual([['json_schema', 'output_schema', 11]]);
    expect(c!.assert.map((s) => [s.name, s.label])).toEqual([['json_schema', undefined]]);
  });

  it('a schema file that is not there is an error at output_schema', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE });
    const file = path.join(dir, 'suites/s.yaml');
    const problems = await loadSuites([file]).then(
      () => [],
      (e: unknown) => (e instanceof InputError ? e.diagnostics.map(formatDiagnostic) : Promise.reject(e)),
    );
    expect(problems[0]).toBe(
      `${file}:5:16: error: output_schema: schema file person.schema.json not found (looked for ${path.join(dir, 'suites/person.schema.json')})`,
    );
  });

  it('an invalid schema is an error at output_schema when the suite loads, as under json_schema, not a broken check after a paid call', async () => {
    const dir = await tempProject({
      'suites/s.yaml': SUITE.replace('{ type: object, properties: { city: { type: string } } }', '{ type: objekt }'),
      'suites/person.schema.json': PERSON,
    });
    const file = path.join(dir, 'suites/s.yaml');
    const problems = await loadSuites([file], {}).then(
      () => [],
      (e: unknown) => (e instanceof InputError ? e.diagnostics.map(formatDiagnostic) : Promise.reject(e)),
    );
    expect(problems).toEqual([
      `${file}:11:20: error: output_schema: the schema is invalid: /type: must be equal to one of the allowed values ("array", "boolean", "integer", "null", "number", "object", "string")`,
    ]);
  });

  it('reach the API as output_config through the SDK, and the answer is checked against the schema', async () => {
    sim = await startSimulator({ responder: (r: SimRequest) => (JSON.stringify(r.messages).includes('Alice') ? '{"name": "Alice"}' : '{"city": 7}') });
    const dir = await tempProject({ 'suites/s.yaml': SUITE.replace(/ {2}- id: already-checked[\s\S]*$/, ''), 'suites/person.schema.json': PERSON });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const result = await runSuites(suites, {
      transport: new LiveTransport({ apiKey: 'sk-ant-test-key', baseURL: sim.url }),
      concurrency: 1,
      toolVersion: 'test',
    });
    expect(sim.requests.map((r) => (r.body as SimRequest).output_config?.effort)).toEqual(['low', 'high']);
    expect(result.suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'failed']);
    expect(result.suites[0]!.cases[1]!.samples[0]!.assertions[0]!.reason).toMatch(/^output JSON is not valid against the inline schema/);
  });
});
