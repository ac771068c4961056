import type Anthropic from '@anthropic-ai/sdk';
import type { TrajectoryStep, Usage } from '../run-result.ts';
import type { Case, GraderConfig } from '../suite/types.ts';

export interface ToolCall {
  id: string;
  /** As the API names it: the tool's own name, or the server tool's (`web_search`, `web_fetch`, ...). */
  name: string;
  input: unknown;
  /** A server tool the API ran itself (a `server_tool_use` block), not one the app runs. */
  server?: true;
}

/** What assertions read: the model's answer and what it took to get it. */
export interface Output {
  message: Anthropic.Message;
  /** The text blocks joined: the "final text" most assertions read. */
  text: string;
  thinking: string;
  toolCalls: ToolCall[];
  /** A tool-loop case's steps, the last one being `message`; absent on a one-request case. */
  steps?: TrajectoryStep[];
  usage: Usage;
  latencyMs: number;
  /** Undefined when the model has no known price: never guessed as $0. */
  costUsd: number | undefined;
}

/** An assertion's judgement: never a bare boolean, always a reason a person can act on. */
export interface Verdict {
  pass: boolean;
  /** 0..1; defaults to 1 when passed and 0 when failed. */
  score?: number;
  reason: string;
  expected?: string;
  actual?: string;
}

/** What validate-time checks may look at: no calls are made, nothing runs. */
export interface CheckContext {
  /** Absolute directory of the suite file, for paths relative to it. */
  suiteDir: string;
  grader: Partial<GraderConfig>;
}

export interface EvalContext {
  suiteDir: string;
  case: Case;
  output: Output;
  /** Sends a grading request through the run's transport (recorded, replayed, priced like any call). */
  grade(params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message>;
  signal: AbortSignal;
  /** Aborted when the run is interrupted: checks of user patterns then give up (bounded-regex.ts). */
  interrupted?: AbortSignal;
}

export interface AssertionDef<A = any> {
  name: string;
  /** Problems the schema cannot see (a regex that does not compile, a missing file); run by `validate`. */
  check?(args: A, ctx: CheckContext): string[] | Promise<string[]>;
  /** `subject` is the content the assertion targets: the final text unless `target:` says otherwise. */
  evaluate(args: A, subject: string, ctx: EvalContext): Verdict | Promise<Verdict>;
}
