/**
 * A suite file as schema/suite.schema.json describes it: what the loader reads, before templating,
 * defaults and model rules turn it into a `Suite`. Where ajv found the shape broken, the loader goes
 * on (so one pass reports every problem) but reads only the parts `ShapeFaults` calls sound: a field
 * has the type below wherever the loader reads it.
 */
import type Anthropic from '@anthropic-ai/sdk';

/** One `assert:` entry as written: one assertion name and its argument, plus modifiers. */
export type AssertionEntry = Record<string, unknown>;

export type VarsFile = Record<string, string | number | boolean>;

export interface GraderFile {
  model?: string;
  threshold?: number;
  max_tokens?: number;
}

/** What a suite and a case may each set for the request; a case's own value wins. */
export interface RequestFile {
  model?: string;
  models?: string[];
  max_tokens?: number;
  system?: string | Anthropic.TextBlockParam[];
  tools?: Anthropic.ToolUnion[];
  tool_choice?: Anthropic.ToolChoice;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  thinking?: Anthropic.ThinkingConfigParam;
  effort?: NonNullable<Anthropic.OutputConfig['effort']>;
  /** A JSON Schema, inline or as a path relative to the suite. */
  output_schema?: Record<string, unknown> | string;
  stream?: boolean;
  /** The `anthropic-version` header to send (one of schema/models.json's apiVersions); default: the SDK's. */
  api_version?: string;
  /** Other Messages API parameters, passed through as they are. */
  params?: Record<string, unknown>;
  grader?: GraderFile;
  /** The app's request builder (request-builder.ts): its request wins over the keys above. */
  request?: { module: string; export?: string };
}

export interface CaseFile extends RequestFile {
  id: string;
  name?: string;
  description?: string;
  prompt?: string;
  messages?: Anthropic.MessageParam[];
  vars?: VarsFile;
  assert?: AssertionEntry[];
  repeat?: number;
  min_pass_rate?: number;
  threshold?: number;
  tags?: string[];
  skip?: boolean | string;
  only?: boolean;
}

export interface SuiteFile extends RequestFile {
  $schema?: string;
  name: string;
  description?: string;
  model: string;
  vars?: VarsFile;
  defaults?: { assert?: AssertionEntry[]; repeat?: number; min_pass_rate?: number; tags?: string[] };
  max_cost_usd?: number;
  cache?: boolean;
  cases: CaseFile[];
}
