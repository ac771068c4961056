import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import suiteSchema from '../../schema/suite.schema.json' with { type: 'json' };

export { suiteSchema };

let compiled: ValidateFunction | undefined;

/** The suite validator, compiled once on first use (never at start-up: `--version` stays fast). */
export function validateSuiteShape(data: unknown): ErrorObject[] {
  compiled ??= new Ajv2020({ allErrors: true, verbose: true, strict: false }).compile(suiteSchema);
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
