/**
 * A suite file as schema/suite.schema.json describes it: what the loader reads, before templating,
 * defaults and model rules turn it into a `Suite`. Where ajv found the shape broken, the loader goes
 * on (so one pass reports every problem) but reads only the parts `ShapeFaults` calls sound: a field
 * has the type below wherever the loader reads it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ToolLoopFile } from './tool-loop.ts';
import type { FileBlock } from './attachments.ts';

/** One `assert:` entry as written: one assertion name and its argument, plus modifiers. */
export type AssertionEntry = Record<string, unknown>;

export type VarsFile = Record<string, string | number | boolean>;

/** Text read from a file relative to the suite (prompt-files.ts): a whole `system` or `prompt`. */
export interface PromptFileRef {
  file: string;
}

/** A text block whose text is a file's; its other keys (cache_control) are kept. */
export type TextFileBlock = Omit<Anthropic.TextBlockParam, 'text'> & { file: string };

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
  system?: string | PromptFileRef | (Anthropic.TextBlockParam | TextFileBlock)[];
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
  /** Run the model's tool calls to an answer (tool-loop.ts); a case's replaces the suite's. */
  tool_loop?: ToolLoopFile;
}

/** A `cases:` entry's `dataset:`: one case per row of a CSV or JSONL file (src/suite/dataset.ts). */
export interface DatasetFile {
  /** Relative to the suite. */
  file: string;
  /** The key column: each row's case id. */
  id?: string;
  /** The columns that become vars; default: all. */
  vars?: string[];
  /** A column of tags, separated by commas or spaces. */
  tags?: string;
  /** A column whose non-empty cell skips the row's case, as the reason. */
  skip?: string;
  /** A column of repeat counts; an empty cell keeps the entry's. */
  repeat?: string;
}

export interface CaseFile extends RequestFile {
  id: string;
  name?: string;
  description?: string;
  prompt?: string | PromptFileRef;
  /** Files attached before `prompt` (attachments.ts). */
  attachments?: FileBlock[];
  /** Any text block of a message's content may be a TextFileBlock. */
  messages?: Anthropic.MessageParam[];
  vars?: VarsFile;
  assert?: AssertionEntry[];
  repeat?: number;
  min_pass_rate?: number;
  threshold?: number;
  tags?: string[];
  skip?: boolean | string;
  only?: boolean;
  dataset?: DatasetFile;
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
