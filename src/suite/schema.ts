import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-root.ts';

/** The shipped schema file is the one source: editors read it through `$schema`, ajv reads it here. */
export const suiteSchema = JSON.parse(readFileSync(packageFile('schema/suite.schema.json'), 'utf8')) as Record<string, unknown>;

let compiled: ValidateFunction | undefined;

/** The suite validator, compiled once on first use (never at start-up: `--version` stays fast). */
export function validateSuiteShape(data: unknown): ErrorObject[] {
  compiled ??= new Ajv2020({ allErrors: true, verbose: true, strict: false }).compile(suiteSchema);
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
