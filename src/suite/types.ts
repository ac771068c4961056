import type Anthropic from '@anthropic-ai/sdk';
import type { Diagnostic } from '../input-error.ts';
import type { TextSource } from '../cassette/diff.ts';
import type { ToolLoop } from '../runner/turn.ts';
import type { Shard } from '../runner/shard.ts';

/** A place in a suite file, 1-based, as editors and GitHub annotations count. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

export type AssertionTarget = 'text' | 'tool_use' | 'thinking';

/** One entry of a case's `assert:` list, templated and located. */
export interface AssertionSpec {
  name: string;
  args: unknown;
  /** Set on the inner spec of a `not:` entry's parent; the inner spec is in `args`. */
  weight: number;
  target: AssertionTarget;
  label?: string | undefined;
  loc: Loc;
}

export interface GraderConfig {
  model: string;
  /** Set by `--grader-model` (model-matrix.ts): `model` grades every rubric, over a rubric's own `model:`. */
  forced?: boolean;
  threshold: number;
  max_tokens: number;
}

/** A case after templating: the exact request it sends and what its answer must satisfy. */
export interface Case {
  id: string;
  name?: string | undefined;
  description?: string | undefined;
  loc: Loc;
  request: Anthropic.MessageCreateParamsNonStreaming;
  /** Where automatic prefix caching (cache-prefix.ts) added a `cache_control` the suite did not write. */
  cacheControlAdded?: 'system' | 'tools' | undefined;
  stream: boolean;
  /**
   * The pinned `anthropic-version`: sent on every call, and a recording made under another is stale.
   * Unpinned, the SDK's own is sent and recordings replay whichever it is, so an SDK upgrade does not
   * make every recording stale at once.
   */
  apiVersion?: string | undefined;
  assert: AssertionSpec[];
  repeat: number;
  minPassRate: number;
  threshold?: number | undefined;
  tags: string[];
  skip?: string | undefined;
  only: boolean;
  /** The case's variables (suite vars overridden by its own), for custom checks. */
  vars: Record<string, string | number | boolean>;
  grader: GraderConfig;
  /** Which of the request's text came from prompt files (prompt-files.ts), for stale-recording diffs. */
  sources?: TextSource[] | undefined;
  /** The files its request attaches (`image:`/`document:` blocks), by sha256: recordings name them (attachment-ref.ts). */
  attachments?: Readonly<Record<string, string>> | undefined;
  /** The models the case runs under (`models:`, the case's or the suite's); unset: its `model:` alone. */
  models?: string[] | undefined;
  /** Set on a copy of the case made for one model of a matrix (runner/model-matrix.ts). */
  matrix?: CaseModel | undefined;
  /** `tool_loop:` (the case's or the suite's), its answers resolved to functions (suite/tool-loop.ts); `loc` is where it is written, `written` what (for the digest). */
  toolLoop?: (ToolLoop & { loc: Loc; written: unknown }) | undefined;
}

/** The one model a copy of a case runs under; its request's `model` is this model too. */
export interface CaseModel {
  model: string;
  /**
   * Its recordings are kept apart from the case's own (`<case>@<model>.json`, cassetteFile): it is not
   * the model the suite names for the case.
   */
  apart: boolean;
}

export interface Suite {
  file: string;
  /** Absolute directory of the suite file: relative paths in assertions resolve against it. */
  dir: string;
  name: string;
  description?: string;
  maxCostUsd?: number;
  cases: Case[];
  /** What is worth saying but refuses nothing: a model at its end of life, at the line naming it. */
  warnings?: Diagnostic[];
  /**
   * Loaded for one shard (LoadOptions.shard): the cases of other shards, read but not resolved.
   * Selection still counts them (shard sizes, `only:`), so every shard decides as a full load would.
   */
  elsewhere?: { shard: Shard; cases: CaseStub[] };
  /** Set with `elsewhere`: a digest of the suite as written, the same in every shard (suite/digest.ts). */
  digest?: string;
}

/** What selection reads of a case left to another shard: no request, no checks. */
export interface CaseStub {
  id: string;
  name?: string | undefined;
  tags: string[];
  only: boolean;
  /** The shard of each copy it runs as (one per model of its matrix, else one), all others than the one loaded. */
  shards: number[];
  /** Where the case is, for a refusal of its `only:`; set only when it has one. */
  loc?: Loc | undefined;
}
