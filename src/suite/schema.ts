import type { ErrorObject } from 'ajv/dist/2020.js';
import { violationsOf } from '../shipped-schema.ts';

/** The suite validator, compiled once on first use (never at start-up: `--version` stays fast). */
export function validateSuiteShape(data: unknown): ErrorObject[] {
  return violationsOf('suite.schema.json', data);
}
