/** JSON Schemas for json_schema and tool_input: loaded from the suite or inline, compiled once, errors as pointers. */
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { canonicalJson } from '../canonical-json.ts';
import { isModuleRef, loadExport, refName, type ModuleRef } from '../suite/app-module.ts';
import { readFileBytes } from '../read-bytes.ts';
import { parseJsonText, syntaxProblem } from '../json-text.ts';
import { MAX_SUITE_BYTES } from '../read-text.ts';
import { MAX_DEPTH } from '../yaml-hazards.ts';
import { yaml } from '../yaml-lib.ts';
import { ajvRegExp } from './bounded-regex.ts';
import { show } from './show.ts';
import validateMeta from '../shipped-validators/json-schema-2020-12.ts';
import { ajvLib } from './ajv-lib.ts';

/** A schema given in the suite: a file path relative to it, the schema itself, or an export of the app's module. */
export type SchemaArg = string | Record<string, unknown> | ModuleRef;

/** How a verdict names the schema: its file, its export, or "the inline schema". */
export function schemaName(arg: SchemaArg): string {
  return typeof arg === 'string' ? arg : isModuleRef(arg) ? refName(arg) : 'the inline schema';
}

const META_SCHEMA = 'https://json-schema.org/draft/2020-12/schema';
const metaValidator = () => validateMeta as unknown as ValidateFunction;

const files = new Map<string, Promise<unknown>>();
const compiled = new Map<string, ValidateFunction>();

/** Loads a schema argument; throws an Error whose message is a sentence for the suite author. */
export async function loadSchema(arg: SchemaArg, suiteDir: string): Promise<Record<string, unknown> | boolean> {
  if (isModuleRef(arg)) return schemaExport(arg, suiteDir);
  if (typeof arg !== 'string') return arg;
  const file = path.resolve(suiteDir, arg);
  let loading = files.get(file);
  if (!loading) {
    loading = readSchemaFile(arg, file);
    files.set(file, loading);
    loading.catch(() => files.delete(file)); // a fixed file is read again next time
  }
  return (await loading) as Record<string, unknown> | boolean;
}

async function readSchemaFile(arg: string, file: string): Promise<unknown> {
  // Under the guards every reader shares: a pipe or a device named as a schema is refused, not waited on.
  const read = await readFileBytes(file, MAX_SUITE_BYTES, 'a schema file', (size) => `${size} bytes is more than a schema file may hold (${MAX_SUITE_BYTES})`);
  if ('problem' in read) throw new Error(read.code === 'ENOENT' ? `schema file ${arg} not found (looked for ${file})` : `schema file ${arg}: ${read.problem}`);
  const text = read.bytes.toString('utf8');
  const isYaml = /\.ya?ml$/i.test(file);
  let value: unknown;
  if (isYaml) {
    try {
      value = yaml().parse(text);
    } catch (e) {
      throw new Error(`schema file ${arg} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    const json = parseJsonText(text, MAX_DEPTH);
    // ajv compiles a schema recursively: 10,000 levels would overflow the stack.
    if ('deep' in json) throw new Error(`schema file ${arg} is nested more than ${MAX_DEPTH} levels deep at ${json.deep.line}:${json.deep.col}`);
    if ('invalid' in json) {
      const { line, col, problem } = syntaxProblem(text);
      throw new Error(`schema file ${arg} is not valid JSON at ${line}:${col}: ${problem}`);
    }
    value = json.value;
  }
  if (typeof value !== 'boolean' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new Error(
      `schema file ${arg} must hold a JSON Schema object, not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}`,
    );
  }
  return value;
}

/** The app's own schema constant (`{ module: ../src/invoice.ts, export: InvoiceSchema }`), so the suite never holds a copy. */
async function schemaExport(ref: ModuleRef, suiteDir: string): Promise<Record<string, unknown> | boolean> {
  const { value } = await loadExport(ref, suiteDir, 'object');
  const proto = typeof value === 'object' ? (Object.getPrototypeOf(value) as unknown) : null;
  // A schema library's object (zod, TypeBox classes) is not JSON Schema; ajv would judge its internals.
  if (proto !== null && proto !== Object.prototype) {
    throw new Error(
      `${refName(ref)} is a ${(value as object).constructor?.name ?? 'class instance'}, not a plain JSON Schema object (export the JSON Schema itself)`,
    );
  }
  return value as Record<string, unknown> | boolean;
}

/** Compiles (once per distinct schema); throws with each problem at its pointer inside the schema. */
export function compileSchema(schema: Record<string, unknown> | boolean): ValidateFunction {
  const key = canonicalJson(schema);
  let validate = compiled.get(key);
  if (validate) return validate;
  // One Ajv per schema: two suites may reuse the same $id for different schemas.
  const { Ajv2020, addFormats } = ajvLib();
  // Its patterns are the user's: evaluated under the regex time limit (bounded-regex.ts). The schema is
  // checked here, not again by compile: against the shipped compiled 2020-12 meta-schema when it names
  // no other (compiling that is most of a first schema's cost), else by ajv as it names.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, validateSchema: false, code: { regExp: ajvRegExp } });
  addFormats(ajv);
  const own = typeof schema === 'object' && schema.$schema !== undefined && schema.$schema !== META_SCHEMA;
  const meta = own ? undefined : metaValidator();
  const valid = meta ? meta(schema) : ajv.validateSchema(schema);
  if (!valid) {
    throw new Error(
      `the schema is invalid: ${pickSchemaErrors((meta ? meta.errors : ajv.errors) ?? [])
        .map((e) => `${pointer(e.instancePath)}: ${e.message}${allowed(e)}`)
        .join('; ')}`,
    );
  }
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    throw new Error(`the schema does not compile: ${(e as Error).message}`);
  }
  compiled.set(key, validate);
  return validate;
}

/** Validate-time problems of a schema argument: missing or unparsable file, invalid schema. */
export async function schemaProblems(arg: SchemaArg, suiteDir: string): Promise<string[]> {
  try {
    compileSchema(await loadSchema(arg, suiteDir));
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** Every violation, one per line-ish item: `/items/2/price: must be >= 0, got -3`. */
export function violations(validate: ValidateFunction, data: unknown): string[] {
  try {
    if (validate(data)) return [];
  } catch (e) {
    // Validation recurses with the data: a recursive schema on an absurdly deep answer overflows.
    if (e instanceof RangeError) return ['(root): nested too deeply to validate'];
    throw e;
  }
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  return errors.map((e) => `${pointer(e.instancePath)}: ${e.message}${allowed(e)}${got(e)}`);
}

function pointer(p: string): string {
  return p === '' ? '(root)' : p;
}

function allowed(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return ` (${JSON.stringify(e.params.additionalProperty)})`;
  if (e.keyword === 'enum') return ` (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  if (e.keyword === 'const') return ` (${JSON.stringify(e.params.allowedValue)})`;
  return '';
}

function got(e: ErrorObject): string {
  // The value itself says nothing for a missing or extra key; elsewhere it is what the author needs.
  if (['required', 'additionalProperties', 'dependentRequired', 'unevaluatedProperties'].includes(e.keyword)) return '';
  return `, got ${show(e.data, 80)}`;
}

/** A bad `type: strng` yields three meta-schema errors at one place; the first says it best. */
function pickSchemaErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.instancePath) && seen.add(e.instancePath));
}
