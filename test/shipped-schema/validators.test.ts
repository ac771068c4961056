import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VALIDATED_SCHEMAS, validatorFile, validatorSource } from '../../scripts/compile-schemas.ts';
import { violationsOf } from '../../src/shipped-schema.ts';

describe('validators compiled ahead of time (src/shipped-validators/)', () => {
  it.each(VALIDATED_SCHEMAS)('%s: the checked-in code is what the schema compiles to today (else: node scripts/compile-schemas.ts)', (name) => {
    expect(readFileSync(validatorFile(name), 'utf8') === validatorSource(name)).toBe(true);
  });

  it('give ajv’s verbose errors, every one of them, with the value judged', () => {
    const errors = violationsOf('suite.schema.json', { name: 'x', model: 7, cases: [], extra: true });
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual(expect.arrayContaining([['/model', 'type'], ['', 'additionalProperties']]));
    expect(errors.find((e) => e.instancePath === '/model')!.data).toBe(7);
  });

  it('check formats through ajv-formats at run time', () => {
    const errors = violationsOf('prices.schema.json', { models: {}, batch: { discount: 0.5, checked: '2026-02-30' } });
    expect(errors.some((e) => e.keyword === 'format')).toBe(true);
  });
});
