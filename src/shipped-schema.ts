/**
 * The JSON Schemas the package ships in schema/ (suites, results files, price files) are the one
 * source for each shape: editors read them through `$schema`, and promptgate validates with them
 * here. Each is compiled once, on first use, so start-up (`--version`, a replay that reads no
 * results file) never pays for ajv.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { packageFile } from './package-root.ts';

const compiled = new Map<string, ValidateFunction>();

export function readShippedSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(packageFile(`schema/${name}`), 'utf8')) as Record<string, unknown>;
}

/** Every violation of `schema/<name>` (ajv's errors, verbose: each carries the value it judged). */
export function violationsOf(name: string, data: unknown): ErrorObject[] {
  let validate = compiled.get(name);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
    addFormats.default(ajv);
    validate = ajv.compile(readShippedSchema(name));
    compiled.set(name, validate);
  }
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
