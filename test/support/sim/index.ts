/**
 * A local Anthropic Messages API simulator for promptgate's live, record and batch tests and
 * benchmarks. See README.md in this folder.
 */
export { startSimulator } from './start.ts';
export { defaultResponder, pausingResponder } from './default-responder.ts';
export { toolAgentResponder, type AgentPlan, type SeenResult } from './tool-agent.ts';
export { sampleFromSchema } from './schema-sample.ts';
export { buildMessage } from './message.ts';
export { messageEvents, sseFrame, type SseEvent } from './sse.ts';
export { countInputTokens, countOutputTokens, lastUserText, promptKey } from './tokens.ts';
export { DEFAULT_FAULT_KINDS } from './faults.ts';
export { simulatorVerdict, type Endpoint, type Verdict, type VerdictOptions } from './validate.ts';
export { API_VERSIONS, MODELS, modelRules, type ApiVersion, type ModelRules } from './api-rules.ts';
export type { SimStats } from './stats.ts';
export type {
  AuthKind,
  BatchOutcome,
  Fault,
  FaultSchedule,
  RecordedRequest,
  Reply,
  ReplyBlock,
  Responder,
  SimRequest,
  Simulator,
  SimulatorOptions,
} from './types.ts';
