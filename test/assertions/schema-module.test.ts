/**
 * `json_schema: { module, export }` (and tool_input's schema:, and output_schema:): the app's own
 * JSON Schema constant, imported from its TypeScript, so the suite never holds a copy of it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/assertions/registry.ts';
import { InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { spawnCli } from '../support/cli.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { output, run, toolUse } from './fixture.ts';

const INVOICE = `export interface Invoice { total: number; currency: string }

export const InvoiceSchema = {
  type: 'object',
  required: ['total', 'currency'],
  properties: { total: { type: 'number', minimum: 0 }, currency: { type: 'string', enum: ['EUR', 'USD'] } },
  additionalProperties: false,
} as const;

export const InvoiceSchemas = [InvoiceSchema];
export class Wrapped { type = 'object'; }
export const wrapped = new Wrapped();
export const invoiceTotal = (i: Invoice): number => i.total;
`;

let dir: string;
beforeAll(async () => {
  dir = await tempProject({ 'src/invoice.ts': INVOICE, 'suites/.keep': '' });
});
const suiteDir = () => path.join(dir, 'suites');
const ref = (name: string, module = '../src/invoice.ts') => ({ module, export: name });
const check = (name: string, args: unknown) => registry.get(name)!.check!(args, { suiteDir: suiteDir(), grader: {} });

describe('json_schema from a module export', () => {
  it('passes and fails against the app’s constant, naming it', async () => {
    expect(await run('json_schema', ref('InvoiceSchema'), '{"total": 12.5, "currency": "EUR"}', { suiteDir: suiteDir() })).toMatchObject({
      pass: true,
      reason: 'output JSON is valid against ../src/invoice.ts#InvoiceSchema',
    });
    expect(await run('json_schema', ref('InvoiceSchema'), '{"total": -1, "currency": "GBP"}', { suiteDir: suiteDir() })).toMatchObject({
      pass: false,
      reason:
        'output JSON is not valid against ../src/invoice.ts#InvoiceSchema: 2 violations: /total: must be >= 0, got -1; /currency: must be equal to one of the allowed values ("EUR", "USD"), got "GBP"',
    });
  });

  it('tool_input checks a call’s input against it too', async () => {
    const call = (input: unknown) => output([toolUse('record_invoice', input)]);
    const args = { tool: 'record_invoice', schema: ref('InvoiceSchema') };
    expect((await run('tool_input', args, call({ total: 3, currency: 'USD' }), { suiteDir: suiteDir() })).pass).toBe(true);
    expect((await run('tool_input', args, call({ total: 3 }), { suiteDir: suiteDir() })).reason).toBe(
      "record_invoice input (root): must have required property 'currency'",
    );
  });

  it('validate names what is wrong: the module, the export (with a did-you-mean), a value that is no schema', async () => {
    expect(await check('json_schema', ref('InvoiceSchema'))).toEqual([]);
    expect(await check('json_schema', ref('InvoiceShema'))).toEqual([
      "../src/invoice.ts has no export 'InvoiceShema' (did you mean 'InvoiceSchema'?); its objects: InvoiceSchema, wrapped",
    ]);
    expect(await check('json_schema', ref('InvoiceSchemas'))).toEqual([
      "../src/invoice.ts exports 'InvoiceSchemas' as a list, not an object (did you mean 'InvoiceSchema'?); its objects: InvoiceSchema, wrapped",
    ]);
    expect(await check('json_schema', ref('wrapped'))).toEqual([
      '../src/invoice.ts#wrapped is a Wrapped, not a plain JSON Schema object (export the JSON Schema itself)',
    ]);
    expect(await check('json_schema', ref('InvoiceSchema', '../src/nope.ts'))).toEqual([
      `module ../src/nope.ts not found (looked for ${path.join(dir, 'src', 'nope.ts')})`,
    ]);
    expect(await check('tool_input', { schema: ref('invoiceTotal') })).toEqual([
      "schema: ../src/invoice.ts exports 'invoiceTotal' as function, not an object; its objects: InvoiceSchema, wrapped",
    ]);
  });

  it('an inline schema that has other keys besides module and export is still an inline schema', async () => {
    expect(await check('json_schema', { type: 'object', module: 'no-such-file.ts', export: 'X' })).toEqual([]);
  });
});

describe('output_schema from a module export', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const SUITE = `name: invoices
model: claude-haiku-4-5
max_tokens: 256
output_schema: { module: ../src/invoice.ts, export: InvoiceSchema }
cases:
  - id: total
    prompt: "Invoice: 12.50 EUR"
    assert:
      - json_schema: { module: ../src/invoice.ts, export: InvoiceSchema }
`;

  it('is the request’s output_config.format, recorded and replayed; a bad export is an error at its line', async () => {
    // The simulator does not write structured output itself: it answers what the app's schema allows.
    sim = await startSimulator({ responder: () => '{"total": 12.5, "currency": "EUR"}' });
    const project = await tempProject({ 'suites/invoices.yaml': SUITE, 'src/invoice.ts': INVOICE });
    const [suite] = await loadSuites([path.join(project, 'suites')]);
    expect(suite!.cases[0]!.request.output_config).toMatchObject({ format: { type: 'json_schema', schema: { required: ['total', 'currency'] } } });
    const recorded = (await record(project, sim.url)).suites[0]!.cases[0]!;
    expect(recorded.samples[0]!.assertions.map((a) => a.reason)).toEqual(['output JSON is valid against ../src/invoice.ts#InvoiceSchema']);
    expect(recorded.status).toBe('passed');
    const cassette = JSON.parse(await readFile(path.join(project, 'fixtures/invoices/total.json'), 'utf8')) as { request: { output_config: unknown } };
    expect(cassette.request.output_config).toMatchObject({ format: { schema: { additionalProperties: false } } });
    expect((await replay(project)).suites[0]!.cases[0]!.status).toBe('passed');

    // The app tightens its schema: what it sends changed, so the recording is stale (a new process imports the edit).
    await writeFile(path.join(project, 'src/invoice.ts'), INVOICE.replace("enum: ['EUR', 'USD']", "enum: ['EUR', 'USD', 'GBP']"));
    const out = await spawnCli(['run'], { cwd: project });
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('stale recording for invoices/total: the request changed since it was recorded');

    await writeFile(path.join(project, 'suites/invoices.yaml'), SUITE.replace('export: InvoiceSchema }\ncases', 'export: Invoice }\ncases'));
    const error = await loadSuites([path.join(project, 'suites')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message.replaceAll(project + path.sep, '')).toBe(
      "suites/invoices.yaml:4:16: error: output_schema: ../src/invoice.ts has no export 'Invoice'; its objects: InvoiceSchema, wrapped",
    );
  });
});
