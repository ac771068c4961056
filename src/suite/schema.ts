import type { ErrorObject } from 'ajv/dist/2020.js';
import { readShippedSchema, violationsOf } from '../shipped-schema.ts';

/** The shipped schema file is the one source: editors read it through `$schema`, ajv reads it here. */
export const suiteSchema = readShippedSchema('suite.schema.json');

/** The suite validator, compiled once on first use (never at start-up: `--version` stays fast). */
export function validateSuiteShape(data: unknown): ErrorObject[] {
  return violationsOf('suite.schema.json', data);
}
