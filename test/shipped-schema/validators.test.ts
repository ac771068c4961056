import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { META_VALIDATOR, VALIDATED_SCHEMAS, metaValidatorSource, validatorFile, validatorSource } from '../../scripts/compile-schemas.ts';
import { packageFile } from '../../src/package-root.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import validateMeta from '../../src/shipped-validators/json-schema-2020-12.ts';
import { violationsOf } from '../../src/shipped-schema.ts';

describe('validators compiled ahead of time (src/shipped-validators/)', () => {
  it.each(VALIDATED_SCHEMAS)('%s: the checked-in code is what the schema compiles to today (else: node scripts/compile-schemas.ts)', (name) => {
    expect(readFileSync(validatorFile(name), 'utf8') === validatorSource(name)).toBe(true);
  });

  it('the JSON Schema 2020-12 meta-schema: the checked-in code is what ajv compiles it to today', () => {
    expect(readFileSync(packageFile(`src/shipped-validators/${META_VALIDATOR}`), 'utf8') === metaValidatorSource()).toBe(true);
  });

  it('the compiled meta-schema judges a schema as ajv’s own check does, errors and all', () => {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
    for (const schema of [
      { type: 'object', required: ['a'] },
      { type: 'objekt', required: 'x', properties: { a: { minimum: 'x' } } },
      { items: [{}], $defs: { a: { enum: 3 } } },
    ]) {
      const ours = validateMeta(schema) as boolean;
      expect(ours).toBe(ajv.validateSchema(schema) as boolean);
      expect(((validateMeta as unknown as { errors: unknown[] | null }).errors ?? []).map((e) => JSON.stringify(e))).toEqual(
        (ajv.errors ?? []).map((e) => JSON.stringify(e)),
      );
    }
  });

  it('give ajv’s verbose errors, every one of them, with the value judged', () => {
    const errors = violationsOf('suite.schema.json', { name: 'x', model: 7, cases: [], extra: true });
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual(
      expect.arrayContaining([
        ['/model', 'type'],
        ['', 'additionalProperties'],
      ]),
    );
    expect(errors.find((e) => e.instancePath === '/model')!.data).toBe(7);
  });

  it('check formats through ajv-formats at run time', () => {
    const errors = violationsOf('prices.schema.json', { models: {}, batch: { discount: 0.5, checked: '2026-02-30' } });
    expect(errors.some((e) => e.keyword === 'format')).toBe(true);
  });
});
