/**
 * Request settings the API answers with a 400 (schema/models.json): those the API version the case
 * sends rejects whatever the model, and those the case's model rejects. Refused at the line that
 * sets them, with what to send instead. A model or rule the table does not know refuses nothing: the
 * table refuses only what a page it names says the API refuses.
 */
import type { YamlPath } from './locate.ts';
import { apiVersionInfo, knownApiVersions } from '../models/api-version.ts';
import { modelFile, modelInfo, type EffortLevel, type Model, type Rule } from '../models/model-table.ts';

/** A request as the loader builds it, before it is a `MessageCreateParams`: each key read with its check. */
export type RequestDraft = Record<string, unknown>;

export interface RequestFinding {
  /** Where the setting is in the suite file. */
  at: YamlPath;
  message: string;
}

/** Where a request key was set: the case, the suite, or either one's `params:`. */
export type Origin = (key: 'model' | 'max_tokens' | 'temperature' | 'top_p' | 'top_k' | 'thinking' | 'tool_choice' | 'messages' | 'effort') => YamlPath;

const SAMPLING = ['temperature', 'top_p', 'top_k'] as const;
/** The one sampling value the API documents as the default; top_p and top_k have none a suite can send. */
const DEFAULT_TEMPERATURE = 1;

/** `apiVersion` is the `anthropic-version` the case sends (a pin, else the SDK's: api-version.ts). */
export function modelRuleProblems(request: RequestDraft, origin: Origin, apiVersion: string): RequestFinding[] {
  const model = typeof request.model === 'string' ? modelInfo(request.model) : undefined;
  const found = [...versionRuleProblems(request, origin, apiVersion, model), ...requestRuleProblems(request, origin, apiVersion, model)];
  if (!model) return found;
  // The fix first, then why: the model's own rule says what to send instead when it names something.
  const refuse = (at: YamlPath, rule: Rule, fix: string, why: string) => found.push({ at, message: `${rule.instead ?? fix}: ${model.name} ${why}` });
  const { rejects } = model;

  for (const key of SAMPLING) {
    const value = request[key];
    // Said once, by the version's rule, when the version already refuses every value.
    if (value === undefined || apiVersionInfo(apiVersion)?.rejects.sampling || !rejects.sampling || (key === 'temperature' && value === DEFAULT_TEMPERATURE))
      continue;
    refuse(origin(key), rejects.sampling, `remove ${key}`, 'accepts only the default temperature, top_p and top_k; steer it with the prompt instead');
  }
  // Said only where neither the version nor the rule above already refuses one of the two.
  if (
    rejects.samplingPair &&
    request.temperature !== undefined &&
    request.top_p !== undefined &&
    !apiVersionInfo(apiVersion)?.rejects.sampling &&
    !rejects.sampling
  ) {
    refuse(origin('top_p'), rejects.samplingPair, 'send temperature or top_p, not both', 'rejects temperature and top_p in one request');
  }

  const thinking = request.thinking as { type?: unknown } | undefined;
  const effort = effortOf(request, model);
  if (thinking?.type === 'enabled' && rejects.manualThinking) {
    refuse([...origin('thinking'), 'type'], rejects.manualThinking, 'use thinking: {type: adaptive}', 'rejects manual thinking (thinking: {type: enabled})');
  }
  if (thinking?.type === 'adaptive' && rejects.adaptiveThinking) {
    refuse(
      [...origin('thinking'), 'type'],
      rejects.adaptiveThinking,
      'use thinking: {type: enabled, budget_tokens: N}',
      'rejects adaptive thinking (thinking: {type: adaptive})',
    );
  }
  // Rules that may hold only at some efforts: the one asked for, else the model's default.
  const atThisEffort = (rule: Rule | undefined): rule is Rule =>
    rule !== undefined && (!rule.atEffort || (effort !== undefined && rule.atEffort.includes(effort)));
  const when = (rule: Rule) => (rule.atEffort ? ` at effort ${effort}` : '');
  const off = rejects.thinkingDisabled;
  if (thinking?.type === 'disabled' && atThisEffort(off)) {
    refuse([...origin('thinking'), 'type'], off, 'remove thinking: {type: disabled}', `rejects thinking: {type: disabled}${when(off)}`);
  }
  const between = rejects.betweenTools;
  if (thinking?.type === 'between_tools' && atThisEffort(between)) {
    refuse([...origin('thinking'), 'type'], between, 'use thinking: {type: adaptive}', `rejects thinking: {type: between_tools}${when(between)}`);
  }

  const choice = request.tool_choice as { type?: unknown } | undefined;
  if ((choice?.type === 'any' || choice?.type === 'tool') && rejects.forcedToolChoice) {
    refuse(
      [...origin('tool_choice'), 'type'],
      rejects.forcedToolChoice,
      'use tool_choice: {type: auto}',
      `rejects forced tool use (tool_choice: {type: ${choice.type}})`,
    );
  }

  const messages: unknown = request.messages;
  if (Array.isArray(messages) && endsOnPrefill(messages) && rejects.assistantPrefill) {
    refuse(
      [...origin('messages'), messages.length - 1],
      rejects.assistantPrefill,
      'end the conversation on a user turn',
      'rejects assistant prefill (messages ending on an assistant turn)',
    );
  }

  const asked = (request.output_config as { effort?: unknown } | undefined)?.effort;
  if (typeof asked === 'string' && model.effort && !model.effort.levels.includes(asked as EffortLevel)) {
    const levels = model.effort.levels;
    const message = levels.length
      ? `use effort: ${orList(levels)}, or leave it out: ${model.name} rejects effort ${asked}`
      : `remove effort: ${model.name} does not take an effort level`;
    found.push({ at: origin('effort'), message });
  }

  const maxTokens = request.max_tokens;
  if (typeof maxTokens === 'number' && model.limits && maxTokens > model.limits.maxOutput) {
    const most = model.limits.maxOutput.toLocaleString('en-US');
    found.push({
      at: origin('max_tokens'),
      message: `use max_tokens: ${most} or less: ${model.name} writes at most ${most} tokens, not ${maxTokens.toLocaleString('en-US')}`,
    });
  }
  return found;
}

/**
 * What every request must keep whatever its version and model: how thinking goes with other
 * settings, and what an assistant prefill may hold. Not said where the model already refuses manual
 * thinking or prefill itself (that is the one fix), nor for a temperature the version refuses.
 */
function requestRuleProblems(request: RequestDraft, origin: Origin, apiVersion: string, model: Model | undefined): RequestFinding[] {
  const rules = modelFile().requestRules?.rejects;
  if (!rules) return [];
  const found: RequestFinding[] = [];
  const refuse = (at: YamlPath, rule: Rule, why: string) => found.push({ at, message: `${rule.instead ?? 'leave thinking out'}: the API ${why}` });
  const thinking = request.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  const manual = thinking?.type === 'enabled' && !model?.rejects.manualThinking;

  const choice = (request.tool_choice as { type?: unknown } | undefined)?.type;
  if (manual && (choice === 'any' || choice === 'tool') && rules.manualThinkingForcedToolChoice) {
    refuse(
      [...origin('tool_choice'), 'type'],
      rules.manualThinkingForcedToolChoice,
      `rejects forced tool use (tool_choice: {type: ${choice}}) with manual thinking (thinking: {type: enabled})`,
    );
  }
  const temperature = request.temperature;
  // Adaptive thinking too, where the model takes it (else its own rule refuses the thinking).
  const adaptive = thinking?.type === 'adaptive' && !model?.rejects.adaptiveThinking;
  if (
    (manual || adaptive) &&
    temperature !== undefined &&
    temperature !== DEFAULT_TEMPERATURE &&
    !apiVersionInfo(apiVersion)?.rejects.sampling &&
    !model?.rejects.sampling &&
    rules.thinkingTemperature
  ) {
    const type = manual ? 'enabled' : 'adaptive';
    refuse(origin('temperature'), rules.thinkingTemperature, `takes only temperature: ${DEFAULT_TEMPERATURE} with thinking (thinking: {type: ${type}})`);
  }
  const budget = thinking?.budget_tokens;
  const maxTokens = request.max_tokens;
  if (manual && typeof budget === 'number' && typeof maxTokens === 'number' && budget >= maxTokens && rules.budgetNotBelowMaxTokens) {
    refuse(
      [...origin('thinking'), 'budget_tokens'],
      rules.budgetNotBelowMaxTokens,
      `needs thinking.budget_tokens below max_tokens (${budget.toLocaleString('en-US')} is not below ${maxTokens.toLocaleString('en-US')})`,
    );
  }

  const messages: unknown = request.messages;
  const last = Array.isArray(messages) && endsOnPrefill(messages) ? (messages.at(-1) as { role?: unknown; content?: unknown }) : undefined;
  if (!last || model?.rejects.assistantPrefill) return found;
  const at: YamlPath = [...origin('messages'), (messages as unknown[]).length - 1, 'content'];
  const blocks =
    typeof last.content === 'string'
      ? [{ type: 'text', text: last.content }]
      : Array.isArray(last.content)
        ? (last.content as { type?: unknown; text?: unknown }[])
        : [];
  const first = blocks[0]?.type;
  if (manual && first !== 'thinking' && first !== 'redacted_thinking' && rules.manualThinkingPrefill) {
    refuse(
      Array.isArray(last.content) ? [...at, 0] : at,
      rules.manualThinkingPrefill,
      'needs a final assistant turn to open with a thinking block under manual thinking (thinking: {type: enabled})',
    );
  }
  const text = blocks.at(-1)?.text;
  if (typeof text === 'string' && /\s$/.test(text) && rules.prefillTrailingWhitespace) {
    refuse(
      Array.isArray(last.content) ? [...at, blocks.length - 1] : at,
      rules.prefillTrailingWhitespace,
      'rejects a final assistant turn whose text ends in whitespace',
    );
  }
  return found;
}

/** What `apiVersion` rejects whatever the model; the way out names an older version only where it would work. */
function versionRuleProblems(request: RequestDraft, origin: Origin, apiVersion: string, model: Model | undefined): RequestFinding[] {
  const rejects = apiVersionInfo(apiVersion)?.rejects;
  if (!rejects) return [];
  const found: RequestFinding[] = [];
  const refuse = (at: YamlPath, fix: string, why: string) => found.push({ at, message: `${fix}: API version ${apiVersion} ${why}` });
  const orPin = (version: string | undefined, where = '') => (version ? `, or pin api_version: "${version}"${where}` : '');

  const sampling = rejects.sampling ? SAMPLING.filter((key) => request[key] !== undefined) : [];
  if (sampling.length) {
    // Pinning an older version helps only a model that takes sampling parameters itself.
    const pin = model?.rejects.sampling ? '' : orPin(olderAccepting('sampling', apiVersion), model ? `, where ${model.name} takes it` : '');
    const modelToo = model?.rejects.sampling ? ` (${model.name} refuses non-default values under older versions too)` : '';
    for (const key of sampling) refuse(origin(key), `remove ${key}${pin}`, `rejects temperature, top_p and top_k at any value${modelToo}`);
  }

  const messages: unknown = request.messages;
  if (!Array.isArray(messages)) return found;
  const { assistantDocument, userCitations } = rejects;
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    const blocks: unknown = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(blocks)) continue;
    const role = (message as { role?: unknown }).role;
    for (let j = 0; j < blocks.length; j++) {
      const block: unknown = blocks[j];
      const at: YamlPath = [...origin('messages'), i, 'content', j];
      const type = (block as { type?: unknown } | null)?.type;
      if (role === 'assistant' && type === 'document' && assistantDocument) {
        refuse(
          at,
          `${assistantDocument.instead ?? 'move the document to a user turn'}${orPin(olderAccepting('assistantDocument', apiVersion))}`,
          'rejects a document block in an assistant turn',
        );
      }
      if (role !== 'user' || !userCitations) continue;
      // Directly on a text block, or on a text block inside a search_result block.
      const cited =
        type === 'search_result' ? textBlocksOf((block as { content?: unknown }).content).some(hasCitations) : type === 'text' && hasCitations(block);
      if (cited)
        refuse(
          at,
          `${userCitations.instead ?? 'remove the citations'}${orPin(olderAccepting('userCitations', apiVersion))}`,
          'rejects citations on text in a user turn',
        );
    }
  }
  return found;
}

/** The newest version older than `apiVersion` that does not have the rule, if the table knows one. */
function olderAccepting(rule: 'sampling' | 'assistantDocument' | 'userCitations', apiVersion: string): string | undefined {
  return knownApiVersions().find((v) => v < apiVersion && !apiVersionInfo(v)?.rejects[rule]);
}

function textBlocksOf(content: unknown): unknown[] {
  return Array.isArray(content) ? content.filter((b) => (b as { type?: unknown } | null)?.type === 'text') : [];
}

function hasCitations(block: unknown): boolean {
  const citations = (block as { citations?: unknown } | null)?.citations;
  return Array.isArray(citations) && citations.length > 0;
}

/** The effort the call runs at: the one asked for, else the model's default (unknown: undefined). */
function effortOf(request: RequestDraft, model: Model): EffortLevel | undefined {
  const asked = (request.output_config as { effort?: unknown } | undefined)?.effort;
  return typeof asked === 'string' ? (asked as EffortLevel) : model.effort?.default;
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * The conversation ends on an assistant turn the model is to go on from. A turn holding a server
 * tool call is no prefill: it is a paused turn (stop_reason pause_turn) sent back as the API asks,
 * which every model takes.
 */
function endsOnPrefill(messages: unknown[]): boolean {
  const last = messages.at(-1) as { role?: unknown; content?: unknown } | null;
  if (last?.role !== 'assistant') return false;
  return !(Array.isArray(last.content) && last.content.some((b: { type?: unknown } | null) => b?.type === 'server_tool_use'));
}
