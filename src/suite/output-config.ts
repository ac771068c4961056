/**
 * `effort:` and `output_schema:`, a suite's names for the request's `output_config` (effort, and
 * structured outputs' `format`); the case's value wins key by key. A schema file is read at load, so
 * editing it makes the recordings stale, as editing the prompt does.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { compileSchema, loadSchema, type SchemaArg } from '../assertions/schema-validator.ts';
import type { YamlPath } from './locate.ts';
import type { CaseFile, SuiteFile } from './suite-file.ts';

export interface OutputConfigOfCase {
  config?: Anthropic.OutputConfig;
  /** The schema as the suite gave it (a path or inline) and where, for the json_schema check it implies. */
  schema?: { arg: SchemaArg; at: YamlPath };
  problems: { at: YamlPath; message: string }[];
}

/** A promise only when there is a schema to read: the loader awaits it only then (a suite has many cases). */
export function outputConfigOf(suite: SuiteFile, kase: CaseFile, caseAt: YamlPath, suiteDir: string): OutputConfigOfCase | Promise<OutputConfigOfCase> {
  const pick = (key: 'effort' | 'output_schema'): { value: unknown; at: YamlPath } | undefined =>
    kase[key] !== undefined ? { value: kase[key], at: [...caseAt, key] } : suite[key] !== undefined ? { value: suite[key], at: [key] } : undefined;
  const effort = pick('effort');
  const given = pick('output_schema');
  const config: Anthropic.OutputConfig = {};
  if (effort) config.effort = effort.value as NonNullable<Anthropic.OutputConfig['effort']> | null;
  if (!given) return { ...(effort ? { config } : {}), problems: [] };
  return withSchema(config, given, suiteDir);
}

async function withSchema(config: Anthropic.OutputConfig, given: { value: unknown; at: YamlPath }, suiteDir: string): Promise<OutputConfigOfCase> {
  const arg = given.value as SchemaArg;
  try {
    const schema = await loadSchema(arg, suiteDir);
    // A bare `true` schema says nothing; structured outputs need an object schema.
    if (typeof schema !== 'object')
      return { problems: [{ at: given.at, message: 'output_schema: give a JSON Schema object (inline, or a file path relative to the suite)' }] };
    // Judged as a written json_schema's is: an invalid one would pass validate, then break the check of
    // every answer a live run paid for.
    compileSchema(schema);
    config.format = { type: 'json_schema', schema };
  } catch (e) {
    return { problems: [{ at: given.at, message: `output_schema: ${(e as Error).message}` }] };
  }
  return { config, schema: { arg, at: given.at }, problems: [] };
}
