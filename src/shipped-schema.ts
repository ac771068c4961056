/**
 * The JSON Schemas the package ships in schema/ (suites, results files, price files) are the one
 * source for each shape: editors read them through `$schema`, and promptgate validates with them
 * here, through validators compiled ahead of time (src/shipped-validators/, written by
 * scripts/compile-schemas.ts), since compiling with ajv at start-up cost more than a small run.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { packageFile } from './package-root.ts';
import { validate as prices } from './shipped-validators/prices.schema.ts';
import { validate as results } from './shipped-validators/results.schema.ts';
import { validate as suite } from './shipped-validators/suite.schema.ts';

/** What ajv's standalone code exports: a function that leaves its errors on itself. */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const compiled = {
  'suite.schema.json': suite as Validator,
  'results.schema.json': results as Validator,
  'prices.schema.json': prices as Validator,
};

export function readShippedSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(packageFile(`schema/${name}`), 'utf8')) as Record<string, unknown>;
}

/** Every violation of `schema/<name>` (ajv's errors, verbose: each carries the value it judged). */
export function violationsOf(name: keyof typeof compiled, data: unknown): ErrorObject[] {
  const validate = compiled[name];
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
